package io.smsgateway.provider.twilio;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import io.smsgateway.delivery.CallbackProperties;
import io.smsgateway.message.ProviderResult;
import io.smsgateway.message.SendFailure;
import io.smsgateway.message.SmsRequest;
import io.smsgateway.provider.ConditionalOnProvider;
import io.smsgateway.provider.FormBody;
import io.smsgateway.provider.ProviderAnswer;
import io.smsgateway.provider.ProviderCalls;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Builds Twilio's requests and reads its answers (API 2010-04-01); the route makes the call. */
@Component("twilio")
@ConditionalOnProvider("twilio")
class TwilioApi {

    // account suspended (20003, also sent for bad credentials) or not active (20005): how an empty balance shows
    private static final Set<String> ACCOUNT_SUSPENDED = Set.of("20003", "20005");
    // SMS Pumping Protection (30450) and Verify Fraud Guard (60410) blocked the receiver as pumping
    private static final Set<String> PUMPING = Set.of("30450", "60410");

    private final Map<String, String> credentials;
    private final ProviderCalls calls;
    private final String statusCallback;
    private volatile ParsedDate lastDate;

    TwilioApi(TwilioProperties properties, CallbackProperties callbacks, ProviderCalls calls) {
        this.calls = calls;
        this.statusCallback = callbacks.twilioUrl();
        properties.requireComplete();
        String basic = properties.username() + ":" + properties.password();
        credentials = Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    }

    /** The Messages.json form: To, From, Body, and StatusCallback when SMS_PUBLIC_URL is set. */
    public void sendRequest(Exchange exchange) {
        SmsRequest request = exchange.getProperty(SmsRequest.PROPERTY, SmsRequest.class);
        calls.request(exchange, "send", credentials,
                FormBody.encode("To", request.receiver(), "From", request.sender(), "Body", request.body(),
                        "StatusCallback", statusCallback));
    }

    /**
     * A 201 becomes the result; anything else a mapped failure carrying Twilio's code and message,
     * whose reason says {@code account_suspended} for the answers the balance circuit reacts to, and
     * {@code provider_fraud_block} for those the fraud shield learns a block from.
     */
    public ProviderResult sendAnswer(Exchange exchange) {
        ProviderAnswer answer = calls.answer(exchange);
        if (!answer.isSuccess()) {
            SendFailure failure = answer.failure("Twilio", answer.text("code"), answer.text("message"));
            String code = answer.text("code") == null ? "" : answer.text("code");
            throw ACCOUNT_SUSPENDED.contains(code) ? failure.because("account_suspended")
                    : PUMPING.contains(code) ? failure.because("provider_fraud_block") : failure;
        }
        String sid = answer.requireText("sid", "Twilio");
        String segments = answer.text("num_segments");
        return new ProviderResult(sid, answer.text("status"), segments == null ? "1" : segments,
                rfc2822(answer.text("date_created")));
    }

    /** Balance.json: a GET with the same credentials. */
    public void balanceRequest(Exchange exchange) {
        calls.request(exchange, "balance", credentials, null);
    }

    /** The balance, which Twilio writes as a string ("0.05"). */
    public BigDecimal balanceAnswer(Exchange exchange) {
        return calls.answer(exchange).balanceAt("/balance", "Twilio Balance.json");
    }

    private Instant rfc2822(String date) {
        if (date == null) {
            return Instant.now();
        }
        // Twilio's dates are to the second: the sends of one second share one parse, which costs
        // more than the rest of reading the answer
        ParsedDate last = lastDate;
        if (last != null && last.text().equals(date)) {
            return last.instant();
        }
        try {
            Instant instant = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            lastDate = new ParsedDate(date, instant);
            return instant;
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }

    private record ParsedDate(String text, Instant instant) {
    }
}
