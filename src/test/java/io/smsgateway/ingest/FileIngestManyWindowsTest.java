package io.smsgateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.Deliveries;
import io.smsgateway.support.Folders;
import io.smsgateway.support.Numbers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A CSV of many windows through the real routes and pipeline, to the console provider: read as a
 * stream, sent a window at a time, every message reported once. Its memory is bounded by the
 * readers (FileReadersTest, a million lines); the time and heap of a 200,000-line file are the
 * benchmark's (bench/run.sh row F, README), not a test's.
 */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                "SERVICE_PROVIDER=console",
                "RATE_LIMIT_MAX_REQUESTS=1000000",
                "SMS_INBOX_POLL_INTERVAL=200ms",
                "SMS_INBOX_SETTLE_TIME=300ms",
                // a line per message would be thousands of lines of test output
                "logging.level.io.smsgateway.provider.console=WARN"
        })
@DirtiesContext
class FileIngestManyWindowsTest {

    private static final int LINES = 5_000;
    private static final Path ROOT = Folders.create("file-large-");
    private static final Path INBOX = ROOT.resolve("inbox");
    private static final Path OUTBOX = ROOT.resolve("outbox");

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("SMS_INBOX_DIR", INBOX::toString);
        registry.add("SMS_OUTBOX_DIR", OUTBOX::toString);
    }

    @Test
    void sendsAFileOfManyWindowsToTheEnd() throws IOException {
        Files.createDirectories(INBOX);
        Path staging = ROOT.resolve("large.csv");
        try (BufferedWriter out = Files.newBufferedWriter(staging, StandardCharsets.UTF_8)) {
            out.write("sender,receiver,body\n");
            for (int i = 0; i < LINES; i++) {
                out.write("ACME," + Numbers.unique() + ",Your code is " + String.format("%06d", i) + "\n");
            }
        }
        Files.move(staging, INBOX.resolve("large.csv"));

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> Deliveries.archives(INBOX, ".done", "large.csv").size() == 1);

        JsonNode end = Deliveries.end(Deliveries.report(OUTBOX, "large.csv"));
        assertThat(end.get("end").asText()).isEqualTo("done");
        assertThat(end.get("messages").asInt()).isEqualTo(LINES);
        assertThat(end.get("sent").asInt()).isEqualTo(LINES);
    }
}
