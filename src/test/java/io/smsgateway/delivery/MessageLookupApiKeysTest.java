package io.smsgateway.delivery;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.StubbedProviderTest;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/** GET /messages?requestId= takes the same API keys as /send and GET /messages/{sid}: none, none answered. */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                TwilioStub.PROVIDER_PROPERTY,
                TwilioStub.ACCOUNT_SID_PROPERTY,
                TwilioStub.AUTH_TOKEN_PROPERTY,
                "SMS_API_KEYS=" + MessageLookupApiKeysTest.KEY,
                "RATE_LIMIT_MAX_REQUESTS=1000"
        })
@DirtiesContext
class MessageLookupApiKeysTest extends StubbedProviderTest {

    static final String KEY = "lookup-key-of-ops-1";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void answersTheMessageOfARequestIdOnlyToAKnownKey() throws Exception {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create(api.base() + "/send"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + KEY)
                .header("x-request-id", "req-keyed-1")
                .POST(HttpRequest.BodyPublishers.ofString(SendClient.json("+15017122661", Numbers.unique(), "Your code is 123456")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);

        HttpResponse<String> missing = get(null);
        HttpResponse<String> wrong = get("Bearer not-a-key");
        HttpResponse<String> known = get("Bearer " + KEY);

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(SendClient.body(missing).get("error").asText()).isEqualTo("Unauthorized");
        assertThat(missing.body()).doesNotContain(TwilioStub.SID);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(known.statusCode()).as(known.body()).isEqualTo(200);
        assertThat(SendClient.body(known).get("sid").asText()).isEqualTo(TwilioStub.SID);
        assertThat(SendClient.body(known).get("requestId").asText()).isEqualTo("req-keyed-1");
    }

    private HttpResponse<String> get(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + "/messages?requestId=req-keyed-1")).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
