package io.smsgateway.ops;

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

/** SMS_API_KEYS on /send: missing, wrong, right, and given in hashed form. */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                TwilioStub.PROVIDER_PROPERTY,
                TwilioStub.ACCOUNT_SID_PROPERTY,
                TwilioStub.AUTH_TOKEN_PROPERTY,
                "SMS_API_KEYS=" + ApiKeysTest.PLAIN_KEY + ", sha256:" + ApiKeysTest.HASHED_KEY_DIGEST,
                "RATE_LIMIT_MAX_REQUESTS=1000"
        })
@DirtiesContext
class ApiKeysTest extends StubbedProviderTest {

    static final String PLAIN_KEY = "plain-key-of-ops-1";
    static final String HASHED_KEY = "hashed-key-of-ops-2";
    // sha256 of HASHED_KEY: the service holds only this
    static final String HASHED_KEY_DIGEST = "31a4852958b9dfc3ae2c7e95457b2368d8683c98a9a61ac2d9053e545b4b0107";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void refusesAMissingOrWrongKeyWith401AndLetsAKnownOneThrough() throws Exception {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));

        HttpResponse<String> missing = send(null, null);
        HttpResponse<String> wrong = send("Authorization", "Bearer not-a-key");
        HttpResponse<String> digestAsKey = send("X-API-Key", "sha256:" + HASHED_KEY_DIGEST);
        HttpResponse<String> bearer = send("Authorization", "Bearer " + PLAIN_KEY);
        HttpResponse<String> header = send("X-API-Key", PLAIN_KEY);
        HttpResponse<String> hashedForm = send("Authorization", "bearer " + HASHED_KEY);

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(SendClient.body(missing).get("message").asText()).startsWith("an API key is required");
        assertThat(SendClient.body(missing).get("error").asText()).isEqualTo("Unauthorized");
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(SendClient.body(wrong).get("message").asText()).isEqualTo("the API key is not valid");
        assertThat(digestAsKey.statusCode()).as("the digest is not the key").isEqualTo(401);
        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(header.statusCode()).isEqualTo(200);
        assertThat(hashedForm.statusCode()).isEqualTo(200);
        assertThat(SERVER.findAll(TwilioStub.sends())).as("only the three with a known key").hasSize(3);
        assertThat(SERVER.findAll(TwilioStub.sends())).allSatisfy(request -> {
            assertThat(request.containsHeader("X-API-Key")).isFalse();
            assertThat(request.getHeader("Authorization")).startsWith("Basic ");
        });
    }

    @Test
    void scopesIdempotencyKeysPerApiKey() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        String json = SendClient.json("ACME", Numbers.unique(), "two clients");

        HttpResponse<String> first = api.sendJson(json, "X-API-Key", PLAIN_KEY, "Idempotency-Key", "order-1");
        HttpResponse<String> otherClient = api.sendJson(json, "X-API-Key", HASHED_KEY, "Idempotency-Key", "order-1");
        HttpResponse<String> sameClient = api.sendJson(json, "Authorization", "Bearer " + PLAIN_KEY, "Idempotency-Key", "order-1");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(otherClient.statusCode()).isEqualTo(200);
        assertThat(otherClient.headers().firstValue("Idempotent-Replayed")).as("another client's key").isEmpty();
        assertThat(sameClient.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(SERVER.findAll(TwilioStub.sends())).hasSize(2);
    }

    @Test
    void takesKeysFromHeadersOnlyNeverFromTheQueryString() throws Exception {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));

        HttpResponse<String> keyInQuery = send("/send?X-API-Key=" + PLAIN_KEY, null, null);
        HttpResponse<String> bearerInQuery = send("/send?Authorization=Bearer%20" + PLAIN_KEY, null, null);
        HttpResponse<String> wrongHeaderRightQuery = send("/send?X-API-Key=" + PLAIN_KEY, "X-API-Key", "not-a-key");

        assertThat(keyInQuery.statusCode()).isEqualTo(401);
        assertThat(bearerInQuery.statusCode()).isEqualTo(401);
        assertThat(wrongHeaderRightQuery.statusCode()).isEqualTo(401);
        assertThat(SERVER.findAll(TwilioStub.sends())).isEmpty();
    }

    private HttpResponse<String> send(String header, String value) throws Exception {
        return send("/send", header, value);
    }

    private HttpResponse<String> send(String path, String header, String value) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SendClient.json("ACME", Numbers.unique(), "hi")));
        if (header != null) {
            request.header(header, value);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
