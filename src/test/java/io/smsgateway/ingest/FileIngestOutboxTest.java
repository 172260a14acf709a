package io.smsgateway.ingest;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.Deliveries;
import io.smsgateway.support.Folders;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.Scrape;
import io.smsgateway.support.StubbedProviderTest;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The outbox stops taking reports in the middle of a file: sending stops before the next message,
 * readiness and a metric say so, an error names the cause, and once the outbox is writable again
 * the file resumes by itself — no message sent twice, none lost without a word.
 */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                "SERVICE_PROVIDER=twilio",
                "TWILIO_ACCOUNT_SID=" + TwilioStub.ACCOUNT_SID,
                "TWILIO_AUTH_TOKEN=" + TwilioStub.AUTH_TOKEN,
                "RATE_LIMIT_MAX_REQUESTS=1000000",
                "SMS_INGEST_CONCURRENCY=2",
                "SMS_INBOX_POLL_INTERVAL=200ms",
                "SMS_INBOX_SETTLE_TIME=300ms"
        })
@AutoConfigureObservability(tracing = false)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class FileIngestOutboxTest extends StubbedProviderTest {

    private static final Path ROOT = Folders.create("file-outbox-");
    private static final Path INBOX = ROOT.resolve("inbox");
    private static final Path OUTBOX = ROOT.resolve("outbox");

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("SMS_INBOX_DIR", INBOX::toString);
        registry.add("SMS_OUTBOX_DIR", OUTBOX::toString);
    }

    @Test
    void anOutboxThatCannotBeWrittenStopsSendingUntilItCanAndNothingIsSentTwice(CapturedOutput output) throws IOException {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created().withFixedDelay(200)));
        Files.createDirectories(INBOX);
        List<String> numbers = IntStream.range(0, 30).mapToObj(i -> Numbers.unique()).toList();
        Folders.drop(INBOX, "halt.jsonl", numbers.stream()
                .map(number -> "{\"sender\":\"ACME\",\"receiver\":\"" + number + "\",\"body\":\"hi\"}\n").collect(Collectors.joining()));
        await().atMost(Duration.ofSeconds(15)).until(() -> Deliveries.outcomes(Deliveries.report(OUTBOX, "halt.jsonl")).size() >= 4);
        String report = Deliveries.report(OUTBOX, "halt.jsonl").getFileName().toString();

        // the outbox can no longer be written: a plain file where the folder was
        Path aside = ROOT.resolve("outbox-aside");
        Files.move(OUTBOX, aside);
        Files.writeString(OUTBOX, "not a folder");

        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/-/ready").statusCode() == 503);
        assertThat(output.getAll()).contains("ERROR").contains("file reports cannot be written in SMS_OUTBOX_DIR (");
        Scrape halted = new Scrape(api.get("/-/metrics").body());
        assertThat(halted.sum("sms_file_ingest_halted")).isEqualTo(1);
        assertThat(halted.sum("sms_file_report_failures_total")).isPositive();
        // nothing is sent but the tries written before the halt, however long it lasts
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                SERVER.findAll(TwilioStub.sends()).size() == tries(aside.resolve(report)));
        assertThat(tries(aside.resolve(report))).isLessThan(30);
        assertThat(INBOX.resolve("halt.jsonl")).exists();

        Files.delete(OUTBOX);
        Files.move(aside, OUTBOX);

        await().atMost(Duration.ofSeconds(30)).until(() -> Deliveries.archives(INBOX, ".done", "halt.jsonl").size() == 1);
        assertThat(api.get("/-/ready").statusCode()).isEqualTo(200);
        assertThat(output.getAll()).contains("SMS_OUTBOX_DIR is writable again: file ingestion resumes");
        assertThat(new Scrape(api.get("/-/metrics").body()).sum("sms_file_ingest_halted")).isZero();

        Path resumed = Deliveries.report(OUTBOX, "halt.jsonl");
        assertThat(resumed.getFileName().toString()).as("the same delivery, resumed").isEqualTo(report);
        List<JsonNode> outcomes = Deliveries.outcomes(resumed);
        assertThat(outcomes.stream().map(line -> line.get("index").asInt()).sorted().toList())
                .as("every message one outcome").isEqualTo(IntStream.range(0, 30).boxed().toList());
        Map<String, Long> sendsPerNumber = SERVER.findAll(TwilioStub.sends()).stream()
                .collect(Collectors.groupingBy(request -> request.formParameters().get("To").firstValue(), Collectors.counting()));
        assertThat(sendsPerNumber.values()).as("no number twice").allMatch(count -> count == 1);
        for (JsonNode line : outcomes) {
            String number = numbers.get(line.get("index").asInt());
            if (line.get("outcome").asText().equals("sent")) {
                assertThat(sendsPerNumber).containsEntry(number, 1L);
            } else {
                // its try was written, its outcome could not be: it may have been sent, and is not again
                assertThat(line.get("outcome").asText()).isEqualTo("unknown");
            }
        }
        assertThat(outcomes.stream().filter(line -> line.get("outcome").asText().equals("unknown")))
                .as("at most the messages in flight when the outbox failed").hasSizeLessThanOrEqualTo(2);
    }

    private static long tries(Path report) {
        return Folders.reportLines(report).stream().filter(line -> "sending".equals(line.path("outcome").asText())).count();
    }
}
