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
import io.smsgateway.support.Deliveries;
import io.smsgateway.support.Folders;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.StubbedProviderTest;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
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
                "SMS_INBOX_MAX_FILE_BYTES=2000000",
                "SMS_INBOX_POLL_INTERVAL=200ms",
                "SMS_INBOX_SETTLE_TIME=500ms",
                // one number hammered by a file: a few releases a second
                "EXPONENTIAL_DELAY_BASE=100ms",
                "EXPONENTIAL_DELAY_MAX_WAIT=400ms",
                "EXPONENTIAL_DELAY_RESET_AFTER=1"
        })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class FileIngestRouteTest extends StubbedProviderTest {

    // in a file where nothing about the file may be quoted: reports and logs name lines, not content
    private static final String SECRET = "s3cr3t-c0ntent";

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
        String unfinished = "[{\"sender\":\"ACME\",\"receiver\":\"" + Numbers.unique() + "\",\"body\":\"x\"},";
        Folders.drop(INBOX, "broken.json", unfinished);
        Folders.drop(INBOX, "headless.csv", "ACME," + Numbers.unique() + ",hello\n");

        JsonNode broken = awaitRefused("broken.json");
        JsonNode headless = awaitRefused("headless.csv");

        assertThat(broken.get("error").asText()).isEqualTo("not valid JSON (line 1, column " + (unfinished.length() + 1) + ")");
        assertThat(headless.get("error").asText()).isEqualTo("the first line must be the header sender,receiver,body");
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

    @Test
    void aFileNameUsedTwiceIsTwoDeliveriesEachSentWhole() throws IOException {
        String first = Numbers.unique();
        String second = Numbers.unique();
        String third = Numbers.unique();
        String before = "sender,receiver,body\nACME," + first + ",one\n";
        String after = "sender,receiver,body\nACME," + second + ",two\nACME," + third + ",three\n";

        Folders.drop(INBOX, "otp.csv", before);
        await().atMost(Duration.ofSeconds(15)).until(() -> Deliveries.archives(INBOX, ".done", "otp.csv").size() == 1);
        Folders.drop(INBOX, "otp.csv", after);
        await().atMost(Duration.ofSeconds(15)).until(() -> Deliveries.archives(INBOX, ".done", "otp.csv").size() == 2);

        List<Path> reports = Deliveries.reports(OUTBOX, "otp.csv");
        assertThat(reports).hasSize(2);
        assertThat(outcomes(Deliveries.outcomes(reports.get(0)))).isEqualTo("0:sent");
        assertThat(outcomes(Deliveries.outcomes(reports.get(1)))).isEqualTo("0:sent 1:sent");
        assertThat(reports).allSatisfy(report -> assertThat(Deliveries.end(report).get("end").asText()).isEqualTo("done"));
        List<Path> archives = Deliveries.archives(INBOX, ".done", "otp.csv");
        assertThat(archives.get(0)).hasContent(before);
        assertThat(archives.get(1)).hasContent(after);
        assertThat(archives.get(1).getFileName().toString()).isEqualTo("otp.csv." + Deliveries.id(reports.get(1), "otp.csv"));
        for (String number : List.of(first, second, third)) {
            assertThat(SERVER.findAll(TwilioStub.sends().withFormParam("To", equalTo(number)))).as(number).hasSize(1);
        }
    }

    @Test
    void theSameContentDroppedAgainAfterItsDeliveryIsANewDelivery() {
        String number = Numbers.unique();
        String content = "{\"sender\":\"ACME\",\"receiver\":\"" + number + "\",\"body\":\"again\"}\n";

        Folders.drop(INBOX, "again.jsonl", content);
        await().atMost(Duration.ofSeconds(15)).until(() -> Deliveries.archives(INBOX, ".done", "again.jsonl").size() == 1);
        Folders.drop(INBOX, "again.jsonl", content);
        await().atMost(Duration.ofSeconds(15)).until(() -> Deliveries.archives(INBOX, ".done", "again.jsonl").size() == 2);

        List<Path> reports = Deliveries.reports(OUTBOX, "again.jsonl");
        assertThat(reports).hasSize(2);
        assertThat(Deliveries.first(reports.get(0)).get("sha256")).isEqualTo(Deliveries.first(reports.get(1)).get("sha256"));
        assertThat(SERVER.findAll(TwilioStub.sends().withFormParam("To", equalTo(number)))).hasSize(2);
    }

    @Test
    void archivesAFinishedDeliveryWhoseMoveFailedWithoutSendingItAgain(CapturedOutput output) throws IOException {
        // the moment between a delivery's end line and its move, made to last: .done/ cannot be made
        Path done = INBOX.resolve(".done");
        Path aside = ROOT.resolve("done-aside");
        if (Files.exists(done)) {
            Files.move(done, aside);
        }
        Files.writeString(done, "not a folder");
        String number = Numbers.unique();
        try {
            Folders.drop(INBOX, "stuck.jsonl", "{\"sender\":\"ACME\",\"receiver\":\"" + number + "\",\"body\":\"x\"}\n");
            await().atMost(Duration.ofSeconds(15)).until(() -> Deliveries.end(Deliveries.report(OUTBOX, "stuck.jsonl")) != null);
            await().atMost(Duration.ofSeconds(5)).until(() -> output.getAll().contains("could not be archived in the inbox"));
            assertThat(INBOX.resolve("stuck.jsonl")).exists();
        } finally {
            Files.delete(done);
            if (Files.exists(aside)) {
                Files.move(aside, done);
            }
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> Deliveries.archives(INBOX, ".done", "stuck.jsonl").size() == 1);

        assertThat(Deliveries.reports(OUTBOX, "stuck.jsonl")).as("no second delivery").hasSize(1);
        assertThat(SERVER.findAll(TwilioStub.sends().withFormParam("To", equalTo(number)))).hasSize(1);
        assertThat(output.getAll()).contains("had finished; archived now, nothing sent");
    }

    @Test
    void aFileReplacedWhileItIsSentEndsItsDeliveryAndTheNewFileIsANewOne() {
        List<String> old = IntStream.range(0, 40).mapToObj(i -> Numbers.unique()).toList();
        for (String number : old) {
            SERVER.stubFor(TwilioStub.send().withFormParam("To", equalTo(number))
                    .willReturn(TwilioStub.created().withFixedDelay(400)));
        }
        List<String> replacement = IntStream.range(0, 3).mapToObj(i -> Numbers.unique()).toList();
        String newContent = lines(replacement);

        Folders.drop(INBOX, "campaign.jsonl", lines(old));
        await().atMost(Duration.ofSeconds(15)).until(() -> !Deliveries.outcomes(Deliveries.report(OUTBOX, "campaign.jsonl")).isEmpty());
        // a producer's atomic mv over the file being sent
        Folders.drop(INBOX, "campaign.jsonl", newContent);

        await().atMost(Duration.ofSeconds(30)).until(() -> Deliveries.archives(INBOX, ".done", "campaign.jsonl").size() == 1
                && Deliveries.reports(OUTBOX, "campaign.jsonl").size() == 2);
        await().atMost(Duration.ofSeconds(15)).until(() -> Deliveries.end(Deliveries.reports(OUTBOX, "campaign.jsonl").get(1)) != null);

        List<Path> reports = Deliveries.reports(OUTBOX, "campaign.jsonl");
        JsonNode replaced = Deliveries.end(reports.get(0));
        assertThat(replaced.get("end").asText()).isEqualTo("replaced");
        assertThat(replaced.get("unsent").asInt()).isPositive();
        long sentOfOld = old.stream().mapToLong(number -> SERVER.findAll(TwilioStub.sends().withFormParam("To", equalTo(number))).size())
                .sum();
        assertThat(sentOfOld).as("the first version's sends are those its report holds, and no more")
                .isEqualTo(replaced.get("sent").asInt()).isLessThan(40);
        assertThat(Deliveries.archives(INBOX, ".done", "campaign.jsonl").get(0)).as("only the replacement is archived")
                .hasContent(newContent);
        assertThat(Deliveries.end(reports.get(1)).get("end").asText()).isEqualTo("done");
        for (String number : replacement) {
            assertThat(SERVER.findAll(TwilioStub.sends().withFormParam("To", equalTo(number)))).as(number).hasSize(1);
        }
    }

    @Test
    void refusesLinksAndWhatIsNotARegularFileUnread(CapturedOutput output) throws Exception {
        Path outside = Files.createDirectories(ROOT.resolve("outside"));
        Path passwd = Files.writeString(outside.resolve("passwd"), "root:x:0:0:" + SECRET + ":/root:/bin/bash\n");
        String number = Numbers.unique();
        Path csv = Files.writeString(outside.resolve("elsewhere.csv"), "sender,receiver,body\nACME," + number + "," + SECRET + "\n");
        Files.createSymbolicLink(INBOX.resolve("passwd.csv"), passwd);
        Files.createSymbolicLink(INBOX.resolve("elsewhere.csv"), csv);
        Files.createSymbolicLink(INBOX.resolve("dangling.json"), outside.resolve("nothing-here"));
        assertThat(new ProcessBuilder("mkfifo", INBOX.resolve("pipe.jsonl").toString()).start().waitFor()).isZero();

        JsonNode toPasswd = awaitRefused("passwd.csv");
        JsonNode toCsv = awaitRefused("elsewhere.csv");
        JsonNode dangling = awaitRefused("dangling.json");
        JsonNode pipe = awaitRefused("pipe.jsonl");

        assertThat(List.of(toPasswd, toCsv, dangling)).allSatisfy(end ->
                assertThat(end.get("error").asText()).isEqualTo("a symbolic link: links are not followed"));
        assertThat(pipe.get("error").asText()).isEqualTo("not a regular file");
        Path archived = Deliveries.archives(INBOX, ".failed", "passwd.csv").get(0);
        assertThat(Files.isSymbolicLink(archived)).as("the link itself is archived").isTrue();
        assertThat(Deliveries.report(OUTBOX, "passwd.csv").getFileName().toString()).contains("-unread.report.jsonl");
        assertThat(passwd).hasContent("root:x:0:0:" + SECRET + ":/root:/bin/bash\n");
        assertThat(SERVER.findAll(TwilioStub.sends())).isEmpty();
        assertNothingQuoted(output);
    }

    @Test
    void refusesPoisonFilesWholeToFailedWithAReasonAndSendsNothing(CapturedOutput output) throws IOException {
        String message = "{\"sender\":\"ACME\",\"receiver\":\"" + Numbers.unique() + "\",\"body\":\"" + SECRET + "\"}";
        Folders.drop(INBOX, "deep.json", "[" + message + "," + "[".repeat(3000) + "]".repeat(3000) + "]");
        Folders.drop(INBOX, "number.json", "[" + message + ",{\"sender\":" + "9".repeat(5000) + "}]");
        Folders.drop(INBOX, "long.jsonl", message + "\n" + "x".repeat(70_000) + SECRET + "\n");
        Folders.drop(INBOX, "unclosed.csv", "sender,receiver,body\nACME," + Numbers.unique() + ",\"" + SECRET + "\n"
                + ("ACME," + Numbers.unique() + "," + SECRET + "\n").repeat(5000));
        Folders.drop(INBOX, "header.csv", SECRET + ",receiver,body\nACME," + Numbers.unique() + ",x\n");
        Path big = ROOT.resolve("big.csv");
        try (OutputStream out = Files.newOutputStream(big)) {
            out.write("sender,receiver,body\n".getBytes(StandardCharsets.UTF_8));
            byte[] row = ("ACME," + Numbers.unique() + "," + SECRET + "\n").getBytes(StandardCharsets.UTF_8);
            for (long written = 0; written <= 2_000_000; written += row.length) {
                out.write(row);
            }
        }
        Files.move(big, INBOX.resolve("big.csv"));
        Path latin1 = Files.writeString(ROOT.resolve("latin1.jsonl"), message + "\n" + SECRET + "\u00e9\n", StandardCharsets.ISO_8859_1);
        Files.move(latin1, INBOX.resolve("latin1.jsonl"));
        Folders.drop(INBOX, "empty.csv", "");
        Folders.drop(INBOX, "empty.jsonl", "");

        assertThat(awaitRefused("deep.json").get("error").asText()).startsWith("beyond the limits of a message (nesting 32 deep");
        assertThat(awaitRefused("number.json").get("error").asText()).startsWith("beyond the limits of a message");
        assertThat(awaitRefused("long.jsonl").get("error").asText()).isEqualTo("line 2 is longer than 65,536 characters");
        assertThat(awaitRefused("unclosed.csv").get("error").asText()).startsWith("a record longer than 65,536 characters (line ");
        assertThat(awaitRefused("header.csv").get("error").asText()).isEqualTo("the first line must be the header sender,receiver,body");
        assertThat(awaitRefused("latin1.jsonl").get("error").asText()).isEqualTo("not UTF-8 text (line 2)");
        assertThat(awaitRefused("big.csv").get("error").asText()).matches("larger than SMS_INBOX_MAX_FILE_BYTES \\([0-9,]+ bytes, at most 2,000,000\\)");
        assertThat(Deliveries.first(Deliveries.report(OUTBOX, "big.csv")).has("sha256")).as("never read").isFalse();
        assertThat(awaitRefused("empty.csv").get("error").asText()).isEqualTo("the first line must be the header sender,receiver,body");
        awaitReport("empty.jsonl", 0);
        assertThat(SERVER.findAll(TwilioStub.sends())).isEmpty();
        assertNothingQuoted(output);
    }

    @Test
    void refusesARepeatedKeyInAJsonFileAsHttpJsonLinesAndJmsDo() {
        String kept = Numbers.unique();
        String last = Numbers.unique();
        String repeated = "{\"sender\":\"ACME\",\"receiver\":\"" + kept + "\",\"body\":\"x\",\"receiver\":\"" + last + "\"}";

        JsonNode json = awaitRefused(drop("repeated.json", "[" + repeated + "]"));
        List<JsonNode> lines = ingest("repeated.jsonl", repeated + "\n", 1);

        assertThat(json.get("error").asText()).startsWith("a key repeated in one object (line 1, column ");
        assertThat(lines.get(0).get("outcome").asText()).isEqualTo("failed");
        assertThat(lines.get(0).get("error").asText()).startsWith("request body is not valid JSON");
        assertThat(SERVER.findAll(TwilioStub.sends())).isEmpty();
    }

    @Test
    void namesEachMessageOfAFileByTheFileAndItsIndexInTheLogs(CapturedOutput output) {
        String failing = Numbers.unique();
        SERVER.stubFor(TwilioStub.send().withFormParam("To", equalTo(failing)).willReturn(TwilioStub.error(500, 20500, "Internal")));
        String line = "{\"sender\":\"ACME\",\"receiver\":\"" + failing + "\",\"body\":\"x\"}\n";

        ingest("promo 2026.jsonl", line, 1);
        ingest("evil\nFORGED line.jsonl", line.replace(failing, Numbers.unique()), 1);

        assertThat(output.getAll()).contains("[promo_2026.jsonl#0]");
        assertThat(output.getAll()).contains("file evil\\nFORGED line.jsonl: delivery ");
        assertThat(output.getAll().lines()).as("no line forged by a file name").noneMatch(logged -> logged.startsWith("FORGED"));
    }

    private static String drop(String name, String content) {
        Folders.drop(INBOX, name, content);
        return name;
    }

    private static String lines(List<String> numbers) {
        return numbers.stream().map(number -> "{\"sender\":\"ACME\",\"receiver\":\"" + number + "\",\"body\":\"x\"}\n")
                .collect(Collectors.joining());
    }

    private static void assertNothingQuoted(CapturedOutput output) throws IOException {
        assertThat(output.getAll()).doesNotContain(SECRET);
        try (var reports = Files.list(OUTBOX)) {
            for (Path report : reports.toList()) {
                assertThat(report).content().doesNotContain(SECRET);
            }
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

    /** The outcomes of the file's one delivery, once it is archived in .done/. */
    private List<JsonNode> awaitReport(String name, int messages, Duration within) {
        await().atMost(within).until(() -> Deliveries.archives(INBOX, ".done", name).size() == 1
                && Deliveries.end(Deliveries.report(OUTBOX, name)) != null);
        Path report = Deliveries.report(OUTBOX, name);
        assertThat(Deliveries.end(report).get("end").asText()).isEqualTo("done");
        List<JsonNode> lines = Deliveries.outcomes(report);
        assertThat(lines).hasSize(messages);
        return lines;
    }

    /** The end line of the file's one delivery, once it is refused to .failed/. */
    private static JsonNode awaitRefused(String name) {
        await().atMost(Duration.ofSeconds(20)).until(() -> Deliveries.archives(INBOX, ".failed", name).size() == 1);
        Path report = Deliveries.report(OUTBOX, name);
        assertThat(Deliveries.archives(INBOX, ".failed", name).get(0).getFileName().toString())
                .as("the archive has the report's delivery id").isEqualTo(name + "." + Deliveries.id(report, name));
        assertThat(INBOX.resolve(name)).doesNotExist();
        JsonNode end = Deliveries.end(report);
        assertThat(end.get("end").asText()).isEqualTo("rejected");
        assertThat(Deliveries.outcomes(report)).isEmpty();
        return end;
    }

    private static void assertDone(String name) {
        assertThat(Deliveries.archives(INBOX, ".done", name)).hasSize(1);
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
