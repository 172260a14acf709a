package io.smsgateway.protection;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

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

/** The global rate limit of send-pipeline: the Throttler EIP, RATE_LIMIT_MAX_REQUESTS per RATE_LIMIT_TIME_WINDOW. */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                TwilioStub.PROVIDER_PROPERTY,
                TwilioStub.ACCOUNT_SID_PROPERTY,
                TwilioStub.AUTH_TOKEN_PROPERTY,
                "RATE_LIMIT_MAX_REQUESTS=5",
                "RATE_LIMIT_TIME_WINDOW=2s"
        })
@DirtiesContext
class RateLimitTest extends StubbedProviderTest {

    private static final String INVALID = "{\"sender\":\"ACME\"}";

    @BeforeEach
    void fullBudget() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        // an invalid request spends nothing and still reports the budget
        await().atMost(Duration.ofSeconds(5)).until(() -> remaining(api.post("/send", INVALID, "application/json")) == 5);
    }

    @Test
    void lets5Of20ConcurrentSendsThroughAndRefusesTheRestWithRetryAfter() {
        List<String> requests = IntStream.range(0, 20).mapToObj(i -> SendClient.json("ACME", Numbers.unique(), "hi")).toList();

        List<HttpResponse<String>> answers = requests.stream()
                .map(json -> api.postAsync("/send", json, "application/json"))
                .toList().stream().map(CompletableFuture::join).toList();

        assertThat(answers).filteredOn(answer -> answer.statusCode() == 200).hasSize(5);
        List<HttpResponse<String>> refused = answers.stream().filter(answer -> answer.statusCode() == 429).toList();
        assertThat(refused).hasSize(15);
        assertThat(SERVER.findAll(TwilioStub.sends())).hasSize(5);
        for (HttpResponse<String> answer : refused) {
            JsonNode error = SendClient.body(answer);
            assertThat(error.get("statusCode").asInt()).isEqualTo(429);
            assertThat(error.get("error").asText()).isEqualTo("Too Many Requests");
            assertThat(error.get("message").asText()).startsWith("rate limit of 5 messages per 2000 ms reached");
            assertThat(Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 2L);
            assertThat(answer.headers().firstValue("RateLimit-Limit")).hasValue("5");
            assertThat(answer.headers().firstValue("RateLimit-Remaining")).hasValue("0");
            assertThat(Long.parseLong(answer.headers().firstValue("RateLimit-Reset").orElseThrow())).isBetween(1L, 2L);
        }
    }

    @Test
    void letsSendsThroughAgainOnceTheWindowHasPassed() {
        for (int i = 0; i < 5; i++) {
            assertThat(api.send("ACME", Numbers.unique(), "hi").statusCode()).isEqualTo(200);
        }
        assertThat(api.send("ACME", Numbers.unique(), "hi").statusCode()).isEqualTo(429);

        await().atMost(Duration.ofSeconds(4))
                .until(() -> api.send("ACME", Numbers.unique(), "hi").statusCode() == 200);
    }

    @Test
    void invalidRequestsSpendNoBudget() {
        for (int i = 0; i < 10; i++) {
            assertThat(api.post("/send", INVALID, "application/json").statusCode()).isEqualTo(400);
        }

        for (int i = 0; i < 5; i++) {
            assertThat(api.send("ACME", Numbers.unique(), "hi").statusCode()).isEqualTo(200);
        }
        assertThat(SERVER.findAll(TwilioStub.sends())).hasSize(5);
    }

    @Test
    void hammeringOneNumberSpendsNoBudgetOnceItsDelayRefuses() {
        String hammered = Numbers.unique();
        // four slots (0, +1, +3, +7 s) within the 10 s longest wait spend four permits
        List<CompletableFuture<HttpResponse<String>>> held = IntStream.range(0, 4)
                .mapToObj(i -> api.postAsync("/send", SendClient.json("ACME", hammered, "hi"), "application/json")).toList();
        await().atMost(Duration.ofSeconds(2)).until(() -> remaining(api.post("/send", INVALID, "application/json")) <= 4);

        // the rest are refused by the delay before the rate limit, spending nothing
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> refused = api.send("ACME", hammered, "hi");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(SendClient.body(refused).get("message").asText()).startsWith("too many messages to this number");
        }
        assertThat(api.send("ACME", Numbers.unique(), "another number").statusCode()).isEqualTo(200);
        assertThat(held.stream().map(CompletableFuture::join)).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(200));
    }

    @Test
    void aSendSlowAtTheProviderKeepsItsPermitUntilAWindowAfterItsAnswer() {
        String slowNumber = Numbers.unique();
        SERVER.stubFor(TwilioStub.send().withRequestBody(containing(slowNumber.substring(1)))
                .willReturn(TwilioStub.created().withFixedDelay(4_000)));
        CompletableFuture<HttpResponse<String>> slow = api.postAsync("/send", SendClient.json("ACME", slowNumber, "hi"), "application/json");
        await().atMost(Duration.ofSeconds(2)).until(() -> SERVER.findAll(TwilioStub.sends()).size() == 1);
        for (int i = 0; i < 4; i++) {
            assertThat(api.send("ACME", Numbers.unique(), "hi").statusCode()).isEqualTo(200);
        }

        // a window after their answers the four permits return; the slow send's, still at the provider, does not
        await().atMost(Duration.ofSeconds(3)).until(() -> remaining(api.post("/send", INVALID, "application/json")) >= 4);
        assertThat(slow).isNotDone();
        assertThat(remaining(api.post("/send", INVALID, "application/json"))).isEqualTo(4);

        assertThat(slow.join().statusCode()).isEqualTo(200);
        assertThat(remaining(api.post("/send", INVALID, "application/json"))).as("returns a window after the answer").isEqualTo(4);
        await().atMost(Duration.ofSeconds(3)).until(() -> remaining(api.post("/send", INVALID, "application/json")) == 5);
    }

    @Test
    void everyAnswerTellsWhereTheBudgetStands() {
        HttpResponse<String> first = api.send("ACME", Numbers.unique(), "hi");
        HttpResponse<String> second = api.send("ACME", Numbers.unique(), "hi");
        HttpResponse<String> invalid = api.post("/send", INVALID, "application/json");

        assertThat(first.headers().firstValue("RateLimit-Limit")).hasValue("5");
        assertThat(first.headers().firstValue("RateLimit-Remaining")).hasValue("4");
        assertThat(first.headers().firstValue("RateLimit-Reset")).hasValue("2");
        assertThat(second.headers().firstValue("RateLimit-Remaining")).hasValue("3");
        assertThat(invalid.headers().firstValue("RateLimit-Remaining")).hasValue("3");
    }

    private static int remaining(HttpResponse<String> answer) {
        return Integer.parseInt(answer.headers().firstValue("RateLimit-Remaining").orElse("-1"));
    }
}
