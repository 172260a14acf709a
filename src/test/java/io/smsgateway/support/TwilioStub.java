package io.smsgateway.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

/**
 * Twilio's answers as its public documentation describes them: the Message resource
 * (https://www.twilio.com/docs/messaging/api/message-resource) for sends, the error reference
 * (https://www.twilio.com/docs/api/errors) for error codes, and the account's Balance resource of the
 * same 2010-04-01 API ({@code GET /2010-04-01/Accounts/{AccountSid}/Balance.json}).
 */
public final class TwilioStub {

    public static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    public static final String AUTH_TOKEN = "twilio-test-auth-token-7f3a";
    public static final String MESSAGES_PATH = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";
    public static final String BALANCE_PATH = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Balance.json";
    public static final String SID = "SM0123456789abcdef0123456789abcdef";

    // The configuration of a service whose provider is Twilio with the stub's account, one constant
    // per property so that @SpringBootTest(properties = ...) can list them; such tests get
    // TWILIO_BASE_URL from StubbedProviderTest
    public static final String PROVIDER_PROPERTY = "SERVICE_PROVIDER=twilio";
    public static final String ACCOUNT_SID_PROPERTY = "TWILIO_ACCOUNT_SID=" + ACCOUNT_SID;
    public static final String AUTH_TOKEN_PROPERTY = "TWILIO_AUTH_TOKEN=" + AUTH_TOKEN;

    private TwilioStub() {
    }

    /**
     * The command-line arguments of a service whose provider is Twilio with the stub's account,
     * answered by the stub ({@link ProviderStub}), followed by {@code more}.
     */
    public static String[] serviceArguments(String... more) {
        List<String> arguments = new ArrayList<>(List.of("--" + PROVIDER_PROPERTY, "--" + ACCOUNT_SID_PROPERTY,
                "--" + AUTH_TOKEN_PROPERTY, "--TWILIO_BASE_URL=" + ProviderStub.baseUrl()));
        arguments.addAll(List.of(more));
        return arguments.toArray(String[]::new);
    }

    public static MappingBuilder send() {
        return post(urlEqualTo(MESSAGES_PATH));
    }

    public static RequestPatternBuilder sends() {
        return postRequestedFor(urlEqualTo(MESSAGES_PATH));
    }

    public static MappingBuilder balance() {
        return get(urlEqualTo(BALANCE_PATH));
    }

    /** 201 with the fields the gateway reads, as Twilio writes them (num_segments a string, RFC 2822 date). */
    public static ResponseDefinitionBuilder created() {
        return created(SID);
    }

    /** The same, for a message of this sid. */
    public static ResponseDefinitionBuilder created(String sid) {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("""
                {"account_sid": "%s", "api_version": "2010-04-01", "body": "Your code is 123456",
                 "date_created": "Thu, 30 Jul 2015 20:12:31 +0000", "date_sent": null,
                 "date_updated": "Thu, 30 Jul 2015 20:12:31 +0000", "direction": "outbound-api",
                 "error_code": null, "error_message": null, "from": "+15017122661",
                 "messaging_service_sid": null, "num_media": "0", "num_segments": "2", "price": null,
                 "price_unit": "USD", "sid": "%s", "status": "queued", "to": "+15558675310",
                 "uri": "/2010-04-01/Accounts/%s/Messages/%s.json"}
                """.formatted(ACCOUNT_SID, sid, ACCOUNT_SID, sid));
    }

    /** Twilio's error body, as its client libraries read it. */
    public static ResponseDefinitionBuilder error(int status, int code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("""
                {"code": %d, "message": "%s", "more_info": "https://www.twilio.com/docs/errors/%d", "status": %d}
                """.formatted(code, message, code, status));
    }

    /** Balance.json: balance is a string. */
    public static ResponseDefinitionBuilder balanceOf(String amount) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                {"account_sid": "%s", "balance": "%s", "currency": "USD"}
                """.formatted(ACCOUNT_SID, amount));
    }
}
