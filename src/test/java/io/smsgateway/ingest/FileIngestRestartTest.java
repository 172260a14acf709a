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
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service stops in the middle of a file and starts again: every message is sent exactly once
 * and the report ends complete. The stop is what SIGTERM does: the Spring context closes.
 */
class FileIngestRestartTest {

    private final Path root = Folders.create("file-restart-");
    private final Path inbox = root.resolve("inbox");
    private final Path outbox = root.resolve("outbox");

    @Test
    void resumesAfterARestartSendingNothingTwiceAndMissingNothing() throws IOException {
        SERVER.resetAll();
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created().withFixedDelay(150)));
        Files.createDirectories(inbox);
        List<String> numbers = IntStream.range(0, 30).mapToObj(i -> Numbers.unique()).toList();

        try (ConfigurableApplicationContext first = start()) {
            Folders.drop(inbox, "restart.jsonl", numbers.stream()
                    .map(number -> "{\"sender\":\"ACME\",\"receiver\":\"" + number + "\",\"body\":\"hi\"}")
                    .collect(Collectors.joining("\n")));
            await().atMost(Duration.ofSeconds(30)).until(() -> Deliveries.outcomes(Deliveries.report(outbox, "restart.jsonl")).size() >= 8);
        }
        Path report = Deliveries.report(outbox, "restart.jsonl");
        int beforeRestart = Deliveries.outcomes(report).size();

        assertThat(inbox.resolve("restart.jsonl")).as("an unfinished file stays in the inbox").exists();
        assertThat(beforeRestart).isBetween(8, 29);
        assertThat(Deliveries.end(report)).as("unfinished").isNull();
        assertThat(SERVER.findAll(TwilioStub.sends())).hasSize(beforeRestart);

        try (ConfigurableApplicationContext second = start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Deliveries.archives(inbox, ".done", "restart.jsonl").size() == 1);
        }

        assertThat(Deliveries.reports(outbox, "restart.jsonl")).as("the same delivery, resumed").containsExactly(report);
        assertThat(Deliveries.end(report).get("end").asText()).isEqualTo("done");
        List<JsonNode> lines = Deliveries.outcomes(report);
        assertThat(lines).hasSize(30);
        assertThat(lines.stream().map(line -> line.get("index").asInt()).distinct()).hasSize(30);
        assertThat(lines).allSatisfy(line -> assertThat(line.get("outcome").asText()).isEqualTo("sent"));
        Map<String, Long> sendsPerNumber = SERVER.findAll(TwilioStub.sends()).stream()
                .collect(Collectors.groupingBy(request -> request.formParameters().get("To").firstValue(), Collectors.counting()));
        assertThat(sendsPerNumber).containsOnlyKeys(numbers);
        assertThat(sendsPerNumber.values()).as("each number once").allMatch(count -> count == 1);
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(SmsGatewayApplication.class).run(TwilioStub.serviceArguments(
                "--server.port=0",
                "--RATE_LIMIT_MAX_REQUESTS=1000000",
                "--SMS_INBOX_DIR=" + inbox,
                "--SMS_OUTBOX_DIR=" + outbox,
                "--SMS_INGEST_CONCURRENCY=2",
                "--SMS_INBOX_POLL_INTERVAL=200ms",
                "--SMS_INBOX_SETTLE_TIME=300ms"));
    }
}
