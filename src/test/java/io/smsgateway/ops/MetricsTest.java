package io.smsgateway.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.Deliveries;
import io.smsgateway.support.Folders;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.Scrape;
import io.smsgateway.support.StubbedProviderTest;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** GET /-/metrics after a scripted mix: each counter moved by exactly what happened. */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                TwilioStub.PROVIDER_PROPERTY,
                TwilioStub.ACCOUNT_SID_PROPERTY,
                TwilioStub.AUTH_TOKEN_PROPERTY,
                "RATE_LIMIT_MAX_REQUESTS=10",
                "RATE_LIMIT_TIME_WINDOW=10 minutes",
                "EXPONENTIAL_DELAY_MAX_WAIT=500ms",
                "SMS_INBOX_POLL_INTERVAL=200ms",
                "SMS_INBOX_SETTLE_TIME=300ms"
        })
@AutoConfigureObservability(tracing = false)
@DirtiesContext
class MetricsTest extends StubbedProviderTest {

    private static final Path ROOT = Folders.create("metrics-");
    // a phone number or a message text in a label would make series without bound
    private static final Pattern NUMBER_IN_LABEL = Pattern.compile("=\"\\+?\\d{7,}\"");

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("SMS_INBOX_DIR", () -> ROOT.resolve("inbox").toString());
        registry.add("SMS_OUTBOX_DIR", () -> ROOT.resolve("outbox").toString());
    }

    @Test
    void countsExactlyWhatHappened() throws Exception {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        Files.createDirectories(ROOT.resolve("inbox"));
        Scrape before = scrape();

        for (int i = 0; i < 3; i++) {
            assertThat(api.send("ACME", Numbers.unique(), "sent").statusCode()).isEqualTo(200);
        }
        assertThat(api.post("/send", "{\"sender\":\"ACME\"}", "application/json").statusCode()).isEqualTo(400);
        assertThat(api.send("ACME", "+1555", "too short").statusCode()).isEqualTo(400);
        String refusedByProvider = Numbers.unique();
        SERVER.stubFor(TwilioStub.send().withFormParam("To", equalTo(refusedByProvider))
                .willReturn(TwilioStub.error(400, 21211, "Invalid 'To' Phone Number")));
        assertThat(api.send("ACME", refusedByProvider, "refused").statusCode()).isEqualTo(400);
        String hammered = Numbers.unique();
        assertThat(api.send("ACME", hammered, "first").statusCode()).isEqualTo(200);
        assertThat(api.send("ACME", hammered, "second").statusCode()).isEqualTo(429);
        Folders.drop(ROOT.resolve("inbox"), "mix.jsonl",
                "{\"sender\":\"ACME\",\"receiver\":\"" + Numbers.unique() + "\",\"body\":\"from a file\"}\n"
                        + "{\"sender\":\"ACME\",\"receiver\":\"+1555\",\"body\":\"bad\"}\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> Deliveries.archives(ROOT.resolve("inbox"), ".done", "mix.jsonl").size() == 1);
        // the budget of 10: 9 sends so far reached the rate limit (the hammered number's second
        // was refused by its delay before it), the 4th here spends the last permit
        for (int i = 0; i < 4; i++) {
            assertThat(api.send("ACME", Numbers.unique(), "sent").statusCode()).isEqualTo(200);
        }
        List<Integer> beyondBudget = List.of(
                api.send("ACME", Numbers.unique(), "over").statusCode(), api.send("ACME", Numbers.unique(), "over").statusCode());
        assertThat(beyondBudget).containsOnly(429);

        Scrape after = scrape();
        assertThat(delta(before, after, "sms_sends_total", "outcome=\"sent\"", "provider=\"twilio\"")).isEqualTo(9);
        assertThat(delta(before, after, "sms_sends_total", "outcome=\"refused\"")).isEqualTo(6);
        assertThat(delta(before, after, "sms_sends_total", "outcome=\"failed\"")).isEqualTo(1);
        assertThat(delta(before, after, "sms_rejections_total", "reason=\"validation\"")).isEqualTo(3);
        assertThat(delta(before, after, "sms_rejections_total", "reason=\"number_delay\"")).isEqualTo(1);
        assertThat(delta(before, after, "sms_rejections_total", "reason=\"rate_limit\"")).isEqualTo(2);
        assertThat(delta(before, after, "sms_provider_request_seconds_count", "operation=\"send\"", "outcome=\"2xx\"")).isEqualTo(9);
        assertThat(delta(before, after, "sms_provider_request_seconds_count", "operation=\"send\"", "outcome=\"4xx\"")).isEqualTo(1);
        assertThat(delta(before, after, "sms_provider_request_seconds_bucket", "outcome=\"2xx\"", "le=\"10.0\"")).isEqualTo(9);
        assertThat(delta(before, after, "sms_ingested_total", "source=\"file\"", "outcome=\"sent\"")).isEqualTo(1);
        assertThat(delta(before, after, "sms_ingested_total", "source=\"file\"", "outcome=\"failed\"")).isEqualTo(1);
        assertThat(after.sum("sms_delay_held")).isZero();
        assertThat(after.names()).contains("sms_circuit_open", "sms_balance", "camel_exchanges_total");
    }

    @Test
    void neverPutsANumberOrATextInALabel() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        api.send("ACME", Numbers.unique(), "a secret-looking text 123456");

        String text = api.get("/-/metrics").body();

        assertThat(NUMBER_IN_LABEL.matcher(text).find()).as("a number in a label").isFalse();
        assertThat(text).doesNotContain("secret-looking").doesNotContain(TwilioStub.ACCOUNT_SID);
        assertThat(api.get("/actuator/prometheus").statusCode()).isEqualTo(200);
    }

    private Scrape scrape() {
        var answer = api.get("/-/metrics");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return new Scrape(answer.body());
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
