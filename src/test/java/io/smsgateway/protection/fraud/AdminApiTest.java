package io.smsgateway.protection.fraud;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.StubbedProviderTest;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The admin API of the fraud shield: only with an admin key (not a send key), it lists a block with
 * its evidence and the prefix masked, lifts it, and lets an operator allow or block a subject.
 */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                TwilioStub.PROVIDER_PROPERTY, TwilioStub.ACCOUNT_SID_PROPERTY, TwilioStub.AUTH_TOKEN_PROPERTY,
                "RATE_LIMIT_MAX_REQUESTS=1000000",
                "SMS_API_KEYS=" + AdminApiTest.SEND_KEY,
                "SMS_ADMIN_KEYS=night-shift=" + AdminApiTest.ADMIN_KEY,
                "SMS_FRAUD_ADJACENT_THRESHOLD=2",
                "SMS_CONSOLE_HISTORY_INTERVAL=200ms"
        })
@DirtiesContext
class AdminApiTest extends StubbedProviderTest {

    static final String SEND_KEY = "send-key-of-the-app";
    static final String ADMIN_KEY = "admin-key-of-ops";

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void provider() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
    }

    @Test
    void refusesCallsWithoutAnAdminKeyEvenWithASendKey() throws Exception {
        assertThat(call("GET", "/admin/blocks", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/admin/blocks", SEND_KEY, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/admin/blocks", "wrong-" + ADMIN_KEY, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/admin/blocks", ADMIN_KEY, null).statusCode()).isEqualTo(200);
    }

    @Test
    void listsABlockWithItsEvidenceLiftsItAndTheNextSendPasses() throws Exception {
        send("+447400777001");
        send("+447400777002");
        assertThat(send("+447400777003").statusCode()).isEqualTo(403);

        JsonNode listed = SendClient.body(call("GET", "/admin/blocks", ADMIN_KEY, null)).get("blocks");
        JsonNode block = null;
        for (JsonNode candidate : listed) {
            if (candidate.get("subject").asText().equals("+447400777xxx")) {
                block = candidate;
            }
        }
        assertThat(block).as("listed: %s", listed).isNotNull();
        assertThat(block.get("rule").asText()).isEqualTo("adjacent");
        assertThat(block.get("evidence").asText()).isEqualTo("3 different receivers within 10 min");
        assertThat(listed.toString()).doesNotContain("+447400777001", "+447400777002", "+447400777003");

        assertThat(call("DELETE", "/admin/blocks/+447400777xxx", ADMIN_KEY, null).statusCode()).isEqualTo(200);
        assertThat(call("DELETE", "/admin/blocks/+447400777xxx", ADMIN_KEY, null).statusCode()).isEqualTo(404);
        // lifted with the evidence that tripped it: the range sends again, and traffic that goes on trips it afresh
        assertThat(send("+447400777004").statusCode()).isEqualTo(200);
        assertThat(send("+447400777005").statusCode()).isEqualTo(200);
        assertThat(send("+447400777006").statusCode()).as("tripped afresh").isEqualTo(403);
        assertThat(block("+447400777xxx").get("allowedBy").isNull()).as("in force").isTrue();
        // an allow override lets a known customer's range past the automatic blocks: its answer and the
        // listing say so, the block in force or not
        HttpResponse<String> allowed = call("POST", "/admin/overrides", ADMIN_KEY,
                "{\"allow\":\"+447400777\",\"reason\":\"a customer's range\"}");
        assertThat(allowed.statusCode()).isEqualTo(201);
        assertThat(SendClient.body(allowed).get("passesBlocks").toString()).isEqualTo("[\"+447400777xxx\"]");
        assertThat(block("+447400777xxx").get("allowedBy").asText()).isEqualTo("+447400777");
        assertThat(send("+447400777007").statusCode()).isEqualTo(200);

        JsonNode overrides = SendClient.body(call("GET", "/admin/overrides", ADMIN_KEY, null)).get("overrides");
        assertThat(overrides.toString()).contains("\"allow\":\"+447400777\"", "\"by\":\"night-shift\"");
        assertThat(call("DELETE", "/admin/overrides/+447400777", ADMIN_KEY, null).statusCode()).isEqualTo(200);
        assertThat(send("+447400777008").statusCode()).as("the block in force again").isEqualTo(403);
        assertThat(block("+447400777xxx").get("allowedBy").isNull()).isTrue();
    }

    @Test
    void keepsTheRecentHistoryOfSendsAndOfRefusalsByFraudRule() throws Exception {
        assertThat(call("GET", "/admin/history", null, null).statusCode()).isEqualTo(401);
        assertThat(send(Numbers.unique()).statusCode()).isEqualTo(200);
        assertThat(send("+449098765432").statusCode()).as("premium rate").isEqualTo(403);
        JsonNode status = SendClient.body(call("GET", "/admin/status", ADMIN_KEY, null));
        long sent = status.path("sends").path("sent").asLong();
        long byNumberType = status.path("refusals").path("fraud: number_type").asLong();
        assertThat(byNumberType).isPositive();
        assertThat(status.path("refusals").has("fraud")).as("fraud split by rule: %s", status).isFalse();

        // sampled by the timer, without the page ever asking: the sends before it opens are there
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode history = SendClient.body(call("GET", "/admin/history", ADMIN_KEY, null));
            JsonNode samples = history.get("samples");
            JsonNode last = samples.get(samples.size() - 1);
            assertThat(history.get("intervalSeconds").asDouble()).isEqualTo(0.2);
            assertThat(last.path("sends").path("sent").asLong()).isGreaterThanOrEqualTo(sent);
            assertThat(last.path("refusals").path("fraud: number_type").asLong()).isGreaterThanOrEqualTo(byNumberType);
        });
        // a ring: 15 minutes at 200 ms are 4501 samples at most, its oldest first
        JsonNode samples = SendClient.body(call("GET", "/admin/history", ADMIN_KEY, null)).get("samples");
        assertThat(samples.size()).isBetween(2, 4501);
        assertThat(samples.get(0).get("at").asText()).isLessThan(samples.get(samples.size() - 1).get("at").asText());
        assertThat(samples.toString()).doesNotContain("+449098765432");
    }

    private JsonNode block(String subject) throws Exception {
        for (JsonNode block : SendClient.body(call("GET", "/admin/blocks", ADMIN_KEY, null)).get("blocks")) {
            if (block.get("subject").asText().equals(subject)) {
                return block;
            }
        }
        throw new AssertionError(subject + " not listed");
    }

    @Test
    void blocksASubjectTheOperatorNamesAndListsTheDecision() throws Exception {
        assertThat(call("POST", "/admin/overrides", ADMIN_KEY, "{\"block\":\"+393331234567\",\"until\":\"2099-01-01T00:00:00Z\"}")
                .statusCode()).isEqualTo(201);

        HttpResponse<String> refused = send("+393331234567");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(SendClient.body(refused).get("message").asText()).startsWith("receiver is blocked by the operator until 2099");
        JsonNode decisions = SendClient.body(call("GET", "/admin/decisions?rule=override&country=IT", ADMIN_KEY, null))
                .get("decisions");
        assertThat(decisions).isNotEmpty();
        assertThat(decisions.get(0).get("receiver").asText()).isEqualTo("+39*******567");
        assertThat(call("POST", "/admin/overrides", ADMIN_KEY, "{\"allow\":\"0039\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void answersTheStatusTheConsoleDrawsFromTheMetrics() throws Exception {
        assertThat(call("GET", "/admin/status", null, null).statusCode()).isEqualTo(401);
        assertThat(send(Numbers.unique()).statusCode()).isEqualTo(200);

        HttpResponse<String> answer = call("GET", "/admin/status", ADMIN_KEY, null);

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode status = SendClient.body(answer);
        assertThat(status.path("sends").path("sent").asLong()).isPositive();
        assertThat(status.path("budget").path("limit").asLong()).isEqualTo(1_000_000);
        assertThat(status.path("budget").path("remaining").asLong()).isLessThan(1_000_000);
        assertThat(status.path("delayHeld").isNumber()).isTrue();
        assertThat(status.path("providers").toString())
                .isEqualTo("[{\"provider\":\"twilio\",\"balance\":null,\"balanceCircuit\":\"closed\",\"healthCircuit\":\"closed\"}]");
        assertThat(status.has("rejections") && status.has("fraudDecisions") && status.has("failovers")).isTrue();
    }

    @Test
    void removesAnOverrideOfAWholeNumberByTheMaskedFormItIsListedIn() throws Exception {
        assertThat(call("POST", "/admin/overrides", ADMIN_KEY, "{\"block\":\"+393331234568\"}").statusCode()).isEqualTo(201);
        assertThat(SendClient.body(call("GET", "/admin/overrides", ADMIN_KEY, null)).toString())
                .contains("+39*******568").doesNotContain("+393331234568");

        assertThat(call("DELETE", "/admin/overrides/+39*******568", ADMIN_KEY, null).statusCode()).isEqualTo(200);
        assertThat(call("DELETE", "/admin/overrides/+39*******568", ADMIN_KEY, null).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> send(String receiver) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/send"))
                .header("Content-Type", "application/json").header("X-API-Key", SEND_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(SendClient.json("ACME", receiver, "Your code is 123456"))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> call(String method, String path, String key, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
