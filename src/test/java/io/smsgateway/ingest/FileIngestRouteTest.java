package io.smsgateway.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.Folders;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.StubbedProviderTest;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** routes/file-ingest.camel.yaml and file-message.camel.yaml: real files, the real pipeline, the stub provider. */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                TwilioStub.PROVIDER_PROPERTY,
                TwilioStub.ACCOUNT_SID_PROPERTY,
                TwilioStub.AUTH_TOKEN_PROPERTY,
                "RATE_LIMIT_MAX_REQUESTS=1000000",
                "SMS_INBOX_POLL_INTERVAL=200ms",
                "SMS_INBOX_SETTLE_TIME=500ms",
                // one number hammered by a file: a few releases a second
                "EXPONENTIAL_DELAY_BASE=100ms",
                "EXPONENTIAL_DELAY_MAX_WAIT=400ms",
                "EXPONENTIAL_DELAY_RESET_AFTER=1"
        })
@DirtiesContext
class FileIngestRouteTest extends StubbedProviderTest {

    private static final Path ROOT = Folders.create("file-ingest-");
    private static final Path INBOX = ROOT.resolve("inbox");
    private static final Path OUTBOX = ROOT.resolve("outbox");

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("SMS_INBOX_DIR", INBOX::toString);
        registry.add("SMS_OUTBOX_DIR", OUTBOX::toString);
    }

    @BeforeEach
    void provider() throws IOException {
        Files.createDirectories(INBOX);
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
    }

    @Test
    void sendsTheGoodRowsOfACsvAndReportsTheBadOnes() {
        String a = Numbers.unique();
        String b = Numbers.unique();
        String c = Numbers.unique();
        String csv = "sender,receiver,body\r\n"
                + "ACME," + a + ",\"Hello, \"\"friend\"\"\"\r\n"
                + "ACME,+1555,too short\r\n"
                + "ACME," + b + ",\"two\r\nlines\"\r\n"
                + "ACME,only two fields\r\n"
                + "MyShop," + c + ",plain\r\n";

        List<JsonNode> report = ingest("batch.csv", csv, 5);

        assertDone("batch.csv");
        assertThat(outcomes(report)).isEqualTo("0:sent 1:failed 2:sent 3:failed 4:sent");
        assertThat(report.get(indexOf(report, 1)).get("error").asText()).isEqualTo("receiver is too short for its country");
        assertThat(report.get(indexOf(report, 3)).get("error").asText()).contains("has 2 fields where the header has 3");
        assertThat(report.get(indexOf(report, 0)).get("sid").asText()).isEqualTo(TwilioStub.SID);
        assertThat(body(a)).isEqualTo("Hello, \"friend\"");
        assertThat(body(b)).isEqualTo("two\r\nlines");
        assertThat(body(c)).isEqualTo("plain");
        assertThat(SERVER.findAll(TwilioStub.sends())).hasSize(3);
    }

    @Test
    void sendsAJsonArrayAndReportsItsBadElements() {
        String a = Numbers.unique();
        String b = Numbers.unique();
        String json = "[{\"sender\":\"ACME\",\"receiver\":\"" + a + "\",\"body\":\"one\"},"
                + " \"not an object\","
                + " {\"sender\":\"ACME\",\"body\":\"no receiver\"},"
                + " {\"sender\":\"ACME\",\"receiver\":\"" + b + "\",\"body\":\"two\",\"extra\":1}]";

        List<JsonNode> report = ingest("array.json", json, 4);

        assertDone("array.json");
        assertThat(outcomes(report)).isEqualTo("0:sent 1:failed 2:failed 3:sent");
        assertThat(report.get(indexOf(report, 2)).get("error").asText()).isEqualTo("receiver is required");
        assertThat(SERVER.findAll(TwilioStub.sends())).hasSize(2);
    }

    @Test
    void sendsASingleJsonObject() {
        String a = Numbers.unique();

        List<JsonNode> report = ingest("one.json", "{\"sender\":\"ACME\",\"receiver\":\"" + a + "\",\"body\":\"solo\"}", 1);

        assertDone("one.json");
        assertThat(outcomes(report)).isEqualTo("0:sent");
        assertThat(body(a)).isEqualTo("solo");
    }

    @Test
    void sendsJsonLinesAndNdjsonAndReportsTheBadLines() {
        String a = Numbers.unique();
        String b = Numbers.unique();
        String lines = "{\"sender\":\"ACME\",\"receiver\":\"" + a + "\",\"body\":\"one\"}\n"
                + "{ this is not json\n"
                + "\n"
                + "{\"sender\":\"ACME\",\"receiver\":\"" + b + "\",\"body\":\"two\"}\n";

        List<JsonNode> jsonl = ingest("lines.jsonl", lines, 3);
        List<JsonNode> ndjson = ingest("lines.ndjson", lines.replace(a, Numbers.unique()).replace(b, Numbers.unique()), 3);

        assertDone("lines.jsonl");
        assertDone("lines.ndjson");
        assertThat(outcomes(jsonl)).isEqualTo("0:sent 1:failed 2:sent");
        assertThat(outcomes(ndjson)).isEqualTo("0:sent 1:failed 2:sent");
        assertThat(jsonl.get(indexOf(jsonl, 2)).get("line").asInt()).isEqualTo(4);
        assertThat(jsonl.get(indexOf(jsonl, 1)).get("error").asText()).startsWith("request body is not valid JSON");
    }

    @Test
    void refusesAMalformedDocumentWholeAndSendsNothing() {
        Folders.drop(INBOX, "broken.json", "[{\"sender\":\"ACME\",\"receiver\":\"" + Numbers.unique() + "\",\"body\":\"x\"},");
        Folders.drop(INBOX, "headless.csv", "ACME," + Numbers.unique() + ",hello\n");

        await().atMost(Duration.ofSeconds(10)).until(() ->
                Files.exists(INBOX.resolve(".failed/broken.json")) && Files.exists(INBOX.resolve(".failed/headless.csv")));

        assertThat(Folders.reportLines(OUTBOX.resolve("broken.json.report.jsonl"))).singleElement().satisfies(line -> {
            assertThat(line.get("outcome").asText()).isEqualTo("rejected");
            assertThat(line.get("error").asText()).startsWith("not valid JSON");
        });
        assertThat(Folders.reportLines(OUTBOX.resolve("headless.csv.report.jsonl"))).singleElement().satisfies(line ->
                assertThat(line.get("error").asText()).startsWith("the first line must be the header sender,receiver,body"));
        assertThat(SERVER.findAll(TwilioStub.sends())).isEmpty();
    }

    @Test
    void doesNotReadAFileWhileItIsBeingWritten() throws Exception {
        List<String> numbers = IntStream.range(0, 6).mapToObj(i -> Numbers.unique()).toList();
        AtomicInteger written = new AtomicInteger();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        try (OutputStream out = Files.newOutputStream(INBOX.resolve("slow.jsonl"))) {
            // a writer slower than the poll, never still for the 500 ms settle time
            writer.scheduleAtFixedRate(() -> {
                int next = written.get();
                if (next < numbers.size()) {
                    try {
                        out.write(("{\"sender\":\"ACME\",\"receiver\":\"" + numbers.get(next) + "\",\"body\":\"x\"}\n")
                                .getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    written.incrementAndGet();
                }
            }, 0, 300, TimeUnit.MILLISECONDS);

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                assertThat(SERVER.findAll(TwilioStub.sends())).as("nothing read before the file is complete").isEmpty();
                return written.get() == numbers.size();
            });
        } finally {
            writer.shutdownNow();
        }

        List<JsonNode> report = awaitReport("slow.jsonl", 6);

        assertThat(outcomes(report)).isEqualTo("0:sent 1:sent 2:sent 3:sent 4:sent 5:sent");
    }

    @Test
    void sendsFiftyMessagesToOneNumberOnItsScheduleLosingNone() {
        String number = Numbers.unique();
        String lines = IntStream.range(0, 50)
                .mapToObj(i -> "{\"sender\":\"ACME\",\"receiver\":\"" + number + "\",\"body\":\"message " + i + "\"}")
                .collect(Collectors.joining("\n"));

        List<JsonNode> report = ingest("one-number.jsonl", lines, 50, Duration.ofSeconds(60));

        assertDone("one-number.jsonl");
        assertThat(report).allSatisfy(line -> assertThat(line.get("outcome").asText()).isEqualTo("sent"));
        List<LoggedRequest> sent = SERVER.findAll(TwilioStub.sends().withFormParam("To", equalTo(number)));
        assertThat(sent).hasSize(50);
        assertThat(sent.stream().map(request -> request.formParameters().get("Body").firstValue()).distinct()).hasSize(50);
        List<Long> times = sent.stream().map(request -> request.getLoggedDate().getTime()).sorted().toList();
        // the schedule: 0, +100 ms, +200 ms in a burst, then the refused wait a second and try again;
        // never two sends closer than the 100 ms base, less the jitter of the hops to the stub
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i) - times.get(i - 1)).as("gap before send %d", i).isGreaterThanOrEqualTo(100 - 40);
        }
    }

    private List<JsonNode> ingest(String name, String content, int messages) {
        return ingest(name, content, messages, Duration.ofSeconds(15));
    }

    private List<JsonNode> ingest(String name, String content, int messages, Duration within) {
        Folders.drop(INBOX, name, content);
        return awaitReport(name, messages, within);
    }

    private List<JsonNode> awaitReport(String name, int messages) {
        return awaitReport(name, messages, Duration.ofSeconds(15));
    }

    private List<JsonNode> awaitReport(String name, int messages, Duration within) {
        Path report = OUTBOX.resolve(name + ".report.jsonl");
        await().atMost(within).until(() -> Folders.reportLines(report).size() >= messages
                && Files.exists(INBOX.resolve(".done/" + name)));
        List<JsonNode> lines = Folders.reportLines(report);
        assertThat(lines).hasSize(messages);
        return lines;
    }

    private static void assertDone(String name) {
        assertThat(INBOX.resolve(".done/" + name)).exists();
        assertThat(INBOX.resolve(name)).doesNotExist();
    }

    /** "index:outcome" in index order. */
    private static String outcomes(List<JsonNode> report) {
        return report.stream()
                .sorted(Comparator.comparingInt(line -> line.get("index").asInt()))
                .map(line -> line.get("index").asInt() + ":" + line.get("outcome").asText())
                .collect(Collectors.joining(" "));
    }

    private static int indexOf(List<JsonNode> report, int index) {
        for (int i = 0; i < report.size(); i++) {
            if (report.get(i).get("index").asInt() == index) {
                return i;
            }
        }
        throw new AssertionError("no line for index " + index);
    }

    private static String body(String number) {
        return SERVER.findAll(TwilioStub.sends().withFormParam("To", equalTo(number))).get(0)
                .formParameters().get("Body").firstValue();
    }
}
