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
import io.smsgateway.support.Deliveries;
import io.smsgateway.support.Folders;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.ProviderStub;
import io.smsgateway.support.ServiceProcess;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.Test;

/**
 * The service is killed ({@code kill -9}) in the middle of a file, messages in flight: started
 * again, it finishes the file without sending any message twice. A message whose try was written
 * without its outcome may have reached the provider: it is reported unknown, not sent again.
 */
class FileIngestCrashTest {

    private final Path root = Folders.create("file-crash-");
    private final Path inbox = root.resolve("inbox");
    private final Path outbox = root.resolve("outbox");

    @Test
    void aServiceKilledMidFileNeverSendsAMessageTwice() throws IOException {
        SERVER.resetAll();
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created().withFixedDelay(300)));
        Files.createDirectories(inbox);
        List<String> numbers = IntStream.range(0, 40).mapToObj(i -> Numbers.unique()).toList();

        try (ServiceProcess first = start()) {
            Folders.drop(inbox, "crash.jsonl", numbers.stream()
                    .map(number -> "{\"sender\":\"ACME\",\"receiver\":\"" + number + "\",\"body\":\"hi\"}\n")
                    .collect(Collectors.joining()));
            await().atMost(Duration.ofSeconds(30)).until(() -> Deliveries.outcomes(Deliveries.report(outbox, "crash.jsonl")).size() >= 6);
            first.kill();
        }
        Path report = Deliveries.report(outbox, "crash.jsonl");
        assertThat(Deliveries.end(report)).as("unfinished").isNull();

        try (ServiceProcess second = start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> Deliveries.archives(inbox, ".done", "crash.jsonl").size() == 1);
        }

        assertThat(Deliveries.reports(outbox, "crash.jsonl")).as("the same delivery, resumed").containsExactly(report);
        List<JsonNode> outcomes = Deliveries.outcomes(report);
        assertThat(outcomes.stream().map(line -> line.get("index").asInt()).sorted().toList())
                .as("every message one outcome").isEqualTo(IntStream.range(0, 40).boxed().toList());
        Map<String, Long> sendsPerNumber = SERVER.findAll(TwilioStub.sends()).stream()
                .collect(Collectors.groupingBy(request -> request.formParameters().get("To").firstValue(), Collectors.counting()));
        assertThat(sendsPerNumber.values()).as("no number twice").allMatch(count -> count == 1);
        List<JsonNode> unknown = outcomes.stream().filter(line -> line.get("outcome").asText().equals("unknown")).toList();
        assertThat(unknown).as("at most the messages in flight at the kill").hasSizeLessThanOrEqualTo(4);
        assertThat(unknown).allSatisfy(line -> assertThat(line.get("error").asText())
                .isEqualTo("may have been sent when the service stopped; not sent again"));
        assertThat(outcomes.stream().filter(line -> line.get("outcome").asText().equals("sent")))
                .allSatisfy(line -> assertThat(sendsPerNumber).containsEntry(numbers.get(line.get("index").asInt()), 1L));
    }

    private ServiceProcess start() {
        return ServiceProcess.start(
                "--SERVICE_PROVIDER=twilio",
                "--TWILIO_ACCOUNT_SID=" + TwilioStub.ACCOUNT_SID,
                "--TWILIO_AUTH_TOKEN=" + TwilioStub.AUTH_TOKEN,
                "--TWILIO_BASE_URL=" + ProviderStub.baseUrl(),
                "--RATE_LIMIT_MAX_REQUESTS=1000000",
                "--SMS_INBOX_DIR=" + inbox,
                "--SMS_OUTBOX_DIR=" + outbox,
                "--SMS_INGEST_CONCURRENCY=4",
                "--SMS_INBOX_POLL_INTERVAL=200ms",
                "--SMS_INBOX_SETTLE_TIME=300ms");
    }
}
