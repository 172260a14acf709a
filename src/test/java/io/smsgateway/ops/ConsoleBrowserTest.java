package io.smsgateway.ops;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.StubbedProviderTest;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The operator console in real browsers, one scenario run in each: Debian's headless Chromium
 * through its chromedriver, and Debian's Firefox ESR through WebDriver BiDi (see {@link Browser}),
 * against the real service, its real route files and the WireMock Twilio: an operator logs in (a
 * wrong key is refused), sees the counters move as messages are sent, sees the prefix block an
 * adjacent-number attack placed with its evidence, lifts it with the button, and the next send to
 * that prefix passes. Nothing the page fetched carries the key in a URL or a whole receiver number,
 * and every asset is served under the strict Content-Security-Policy. A screenshot of each view is
 * written to target/console-screenshots/chromium/ and target/console-screenshots/firefox/.
 */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                TwilioStub.PROVIDER_PROPERTY, TwilioStub.ACCOUNT_SID_PROPERTY, TwilioStub.AUTH_TOKEN_PROPERTY,
                "RATE_LIMIT_MAX_REQUESTS=1000",
                "SMS_ADMIN_KEYS=night-shift=" + ConsoleBrowserTest.ADMIN_KEY,
                "SMS_FRAUD_ADJACENT_THRESHOLD=3",
                "SMS_CONSOLE_HISTORY_INTERVAL=1s"
        })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class ConsoleBrowserTest extends StubbedProviderTest {

    static final String ADMIN_KEY = "console-admin-key-5f1c9e";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> receiversUsed = new ArrayList<>();

    @BeforeEach
    void provider() {
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
    }

    @Test
    void servesThePageAndItsAssetsUnderAStrictContentSecurityPolicy() throws Exception {
        for (String[] asset : new String[][] {{"/console", "text/html"}, {"/console/console.js", "text/javascript"},
                {"/console/console.css", "text/css"}}) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base() + asset[0])).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(asset[0]).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Security-Policy")).as(asset[0]).hasValue(CSP);
            assertThat(answer.headers().firstValue("Content-Type")).as(asset[0]).hasValueSatisfying(type -> type.startsWith(asset[1]));
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(asset[0]).hasValue("nosniff");
            assertThat(answer.body()).as(asset[0]).isNotBlank();
        }
        String page = http.send(HttpRequest.newBuilder(URI.create(base() + "/console")).build(), HttpResponse.BodyHandlers.ofString()).body();
        // the refusals chart beside the sends chart: none of its colours is one of the sends' (sent's green above all)
        String style = http.send(HttpRequest.newBuilder(URI.create(base() + "/console/console.css")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        List<String> sends = colours(style, "s");
        List<String> refusals = colours(style, "r");
        assertThat(sends).hasSize(8);
        assertThat(refusals).hasSize(8).doesNotHaveDuplicates().doesNotContainAnyElementsOf(sends.subList(0, 3));
        assertThat(page).as("no inline script or style").doesNotContainPattern("<script>|<script [^>]*>[^<]|<style|\\sstyle=|\\son[a-z]+=");
    }

    @ParameterizedTest(name = "in {0}")
    @EnumSource(Engine.class)
    void anOperatorSeesAnAttackUnderstandsTheBlockAndLiftsIt(Engine engine, CapturedOutput output) throws Exception {
        Assumptions.assumeTrue(engine.isInstalled(), engine.missing);
        String prefix = engine.prefix;
        String requestId = "req-42-" + engine.label;
        try (Browser browser = engine.start()) {
            browser.open(base() + "/console");

            // a wrong key is refused and nothing is shown
            logIn(browser, "not-" + ADMIN_KEY);
            waitFor(() -> browser.text("#login-error").contains("refused"));
            assertThat(browser.isDisplayed("#tabs")).isFalse();
            assertThat(browser.evaluate("sessionStorage.getItem('smsAdminKey')")).isNull();
            screenshot(browser, engine, "login");

            // sends made before the page opens, sampled by the service: the chart has them at once, drawn
            // from its history (the page's own polls, every 3 s from the login on, would find no change)
            for (int i = 0; i < 3; i++) {
                assertThat(send(Numbers.unique()).statusCode()).isEqualTo(200);
            }
            long sentSoFar = admin("/admin/status").path("sends").path("sent").asLong();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                JsonNode samples = admin("/admin/history").get("samples");
                return samples.get(samples.size() - 1).path("sends").path("sent").asLong() >= sentSoFar;
            });

            // the right key opens the Now view
            logIn(browser, ADMIN_KEY);
            waitFor(() -> browser.isDisplayed("#card-sent"));
            waitFor(() -> !browser.text("#legend-sends li[data-key='sent'] .max").equals("max 0.00/s"));
            long sentBefore = counter(browser, "card-sent");
            long refusedBefore = counter(browser, "card-refused");
            long blocksBefore = counter(browser, "card-blocks-in-force");

            // three sends: the counters move without reloading the page; the first with a request id of
            // the client's, and a sid of its own, to be looked up by in the Message view
            SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created(engine.requestSid)));
            assertThat(send(Numbers.unique(), "x-request-id", requestId).statusCode()).isEqualTo(200);
            SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
            for (int i = 0; i < 2; i++) {
                assertThat(send(Numbers.unique()).statusCode()).isEqualTo(200);
            }
            waitFor(() -> counter(browser, "card-sent") >= sentBefore + 3);

            // an adjacent-number attack: the fourth receiver of the block trips the rule
            for (int last = 1; last <= 3; last++) {
                assertThat(send(prefix + "00" + last).statusCode()).isEqualTo(200);
            }
            assertThat(send(prefix + "004").statusCode()).isEqualTo(403);
            assertThat(send(prefix + "005").statusCode()).isEqualTo(403);
            waitFor(() -> counter(browser, "card-refused") >= refusedBefore + 2
                    && counter(browser, "card-blocks-in-force") >= blocksBefore + 1);
            waitFor(() -> browser.text("#legend-refusals").contains("fraud: adjacent"));
            waitFor(() -> browser.text("#fraud-decisions").contains("adjacent"));
            screenshot(browser, engine, "now");
            browser.resize(412, 915);
            screenshot(browser, engine, "now-phone");
            browser.resize(1280, 1000);

            // Blocks: the prefix, masked, with its rule and evidence
            browser.click(tab("blocks"));
            waitFor(() -> browser.text("#blocks").contains(prefix + "xxx"));
            assertThat(rowText(browser, "blocks", prefix + "xxx")).contains("adjacent", "4 different receivers within 10 min", "in force");
            // what until and strikes mean: a tooltip on their headers, and the note under the table
            assertThat(browser.evaluate("document.querySelector('#blocks th[title^=\"renewed\"]').textContent")).isEqualTo("until");
            assertThat(browser.evaluate("document.querySelector('#blocks th[title^=\"times this subject\"]').textContent"))
                    .isEqualTo("strikes");
            assertThat(browser.text("#blocks-explained")).contains("holds while the traffic keeps coming", "twice as long");

            // an override through the form, listed with who set it, then removed; each action confirmed
            browser.select("#override-kind", "block");
            browser.type("#override-subject", "+882");
            browser.type("#override-reason", "satellite numbers");
            browser.click("#override-form button[type=submit]");
            accept(browser, "Block +882");
            waitFor(() -> browser.text("#overrides").contains("satellite numbers"));
            assertThat(rowText(browser, "overrides", "+882")).contains("block", "night-shift");
            clickTheButtonOfTheRow(browser, "overrides", "+882");
            accept(browser, "Remove the override of +882");
            waitFor(() -> browser.text("#notice").contains("Removed the override of +882"));
            waitFor(() -> !browser.text("#overrides").contains("+882"));

            // Decisions: the refusals, receivers masked, filtered by rule and country
            browser.click(tab("decisions"));
            browser.select("#decisions-rule", "adjacent");
            browser.type("#decisions-country", "GB");
            browser.click("#decisions-form button");
            waitFor(() -> {
                String shown = browser.text("#decisions");
                return shown.contains("+44*******004") && shown.contains("+44*******005") && shown.contains(prefix + "xxx")
                        && !shown.contains("number_type");
            });
            screenshot(browser, engine, "decisions");

            // a customer's range after all: an allow override lets it through, the page says the block need not
            // be lifted for that; removed again, the block is in force
            assertThat(send(prefix + "006").statusCode()).as("the block holds until lifted").isEqualTo(403);
            browser.click(tab("blocks"));
            waitFor(() -> browser.text("#blocks").contains(prefix + "xxx"));
            browser.select("#override-kind", "allow");
            browser.type("#override-subject", prefix);
            browser.type("#override-reason", "a customer's range");
            browser.click("#override-form button[type=submit]");
            accept(browser, "Allow " + prefix);
            waitFor(() -> browser.text("#notice").contains("The traffic of " + prefix + "xxx passes now"));
            waitFor(() -> rowText(browser, "blocks", prefix + "xxx").contains("allowed by override " + prefix));
            screenshot(browser, engine, "blocks");
            clickTheButtonOfTheRow(browser, "overrides", "a customer's range");
            accept(browser, "Remove the override of " + prefix);
            waitFor(() -> rowText(browser, "blocks", prefix + "xxx").contains("in force"));

            // the operator lifts the block
            clickTheButtonOfTheRow(browser, "blocks", prefix + "xxx");
            accept(browser, "Lift the block of " + prefix + "xxx");
            waitFor(() -> browser.text("#notice").contains("Lifted the block of " + prefix + "xxx"));
            // this run's block only: the other browser's run may have left its own in force when it failed
            waitFor(() -> !browser.text("#blocks").contains(prefix + "xxx"));
            assertThat(send(prefix + "007").statusCode()).as("the next send to the prefix").isEqualTo(200);

            // Message: looked up by sid, rendered as it is answered; an unknown sid is not found
            browser.click(tab("message"));
            lookUp(browser, "sid", "SMunknown0000");
            waitFor(() -> browser.text("#message-result").contains("Not found"));
            lookUp(browser, "sid", TwilioStub.SID);
            waitFor(() -> browser.text("#message-result").contains("provider"));
            assertThat(browser.evaluate("document.querySelectorAll('#message-result ol.history li').length")).isNotEqualTo(0L);
            // and by the request id of its send: the same answer, with the request id and the failover (none)
            lookUp(browser, "requestId", "req-unknown");
            waitFor(() -> browser.text("#message-result").contains("Not found: no message sent with request id req-unknown"));
            lookUp(browser, "requestId", requestId);
            waitFor(() -> browser.text("#message-result").contains(engine.requestSid));
            assertThat(browser.text("#message-result")).contains("requestId", requestId, "failedOverFrom", "provider", "twilio");
            assertThat(browser.evaluate("document.querySelectorAll('#message-result ol.history li').length")).isNotEqualTo(0L);
            screenshot(browser, engine, "message");

            // what was done is logged with the admin key's label
            assertThat(output.getAll()).contains("night-shift lifted the block of " + prefix,
                    "night-shift blocked +882", "night-shift removed the override of +882");

            // the key is in no URL, no cookie and no persistent storage; no answer the page fetched holds a whole number
            assertThat(browser.currentUrl()).doesNotContain(ADMIN_KEY);
            assertThat(browser.evaluate("document.cookie")).isEqualTo("");
            assertThat(browser.evaluate("window.localStorage.length")).isEqualTo(0L);
            @SuppressWarnings("unchecked")
            List<String> timed = (List<String>) browser.evaluate(
                    "performance.getEntriesByType('resource').map(function (e) { return e.name; })");
            assertThat(timed).anyMatch(url -> url.endsWith("/admin/status")).noneMatch(url -> url.contains(ADMIN_KEY));
            assertWhatThePageFetched(browser);
            assertThat(browser.text("body")).doesNotContain(receiversUsed.toArray(String[]::new));
        }
    }

    /**
     * Every request the page made, from the browser's network log: none carries the key in its URL
     * or a cookie, and no answer's body holds a receiver this test sent to.
     */
    private void assertWhatThePageFetched(Browser browser) throws Exception {
        List<String> checked = new ArrayList<>();
        for (Browser.Fetched request : browser.fetched()) {
            assertThat(request.url()).doesNotContain(ADMIN_KEY);
            assertThat(request.sentACookie()).as(request.url()).isFalse();
            if (request.url().startsWith(base()) && request.body() != null) {
                assertThat(request.body()).as(request.url()).doesNotContain(receiversUsed.toArray(String[]::new));
                checked.add(request.url());
            }
        }
        assertThat(checked).as("answers read back").anyMatch(url -> url.endsWith("/admin/blocks"))
                .anyMatch(url -> url.contains("/admin/decisions")).anyMatch(url -> url.contains("/messages/"));
    }

    /**
     * The browsers the scenario runs in, each skipped, saying why, when it is not installed. Both runs
     * share the service (and its fraud-shield state): each attacks its own block of numbers and sends
     * its own request id and sid.
     */
    enum Engine {
        CHROMIUM("chromium", "+447400555", "SM42424242424242424242424242424242",
                "Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver; "
                        + ".ci/run installs them): the operator console is not tried in Chromium"),
        FIREFOX("firefox", "+447400556", "SM42424242424242424242424242424243",
                "Debian's firefox-esr is not installed (apt-get install firefox-esr; .ci/run installs it): "
                        + "the operator console is not tried in Firefox");

        final String label;
        // the block of consecutive numbers the attack pumps: past 3 distinct receivers, the prefix is blocked
        final String prefix;
        final String requestSid;
        final String missing;

        Engine(String label, String prefix, String requestSid, String missing) {
            this.label = label;
            this.prefix = prefix;
            this.requestSid = requestSid;
            this.missing = missing;
        }

        boolean isInstalled() {
            return this == CHROMIUM ? ChromiumBrowser.isInstalled() : FirefoxBrowser.isInstalled();
        }

        Browser start() throws Exception {
            return this == CHROMIUM ? ChromiumBrowser.start() : FirefoxBrowser.start();
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * Waits for the page to show what is expected. The Now view is drawn anew at each poll: an element
     * found may be gone before it is read, so a failed read is tried again too.
     */
    private static void waitFor(Callable<Boolean> shown) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(shown);
    }

    private static void logIn(Browser browser, String key) {
        waitFor(() -> browser.isDisplayed("#key"));
        browser.type("#key", key);
        browser.click("#login-form button");
    }

    private static String tab(String view) {
        return "#tabs [data-view='" + view + "']";
    }

    private static void lookUp(Browser browser, String by, String id) {
        browser.select("#message-by", by);
        browser.type("#message-id", id);
        browser.click("#message-form button");
    }

    /** Accepts the confirmation dialog the page opens, which names what is about to be done. */
    private static void accept(Browser browser, String question) {
        String asked = await().atMost(Duration.ofSeconds(30)).until(browser::dialog, Optional::isPresent).orElseThrow();
        assertThat(asked).startsWith(question);
        browser.acceptTheDialog();
    }

    /** Clicks the button in the row holding {@code text}, once the list shows it (again, if it is drawn anew meanwhile). */
    private static void clickTheButtonOfTheRow(Browser browser, String table, String text) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> browser.clickTheButtonOfTheRow(table, text));
    }

    @SuppressWarnings("unchecked")
    private static String rowText(Browser browser, String table, String text) {
        return ((List<String>) browser.evaluate("Array.from(document.querySelectorAll('#" + table + " tbody tr'), r => r.innerText)"))
                .stream().filter(row -> row.contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError(text + " not in " + table));
    }

    private static long counter(Browser browser, String card) {
        return Long.parseLong(browser.text("#" + card + " .value").trim());
    }

    private static void screenshot(Browser browser, Engine engine, String view) throws IOException {
        Path folder = Files.createDirectories(SCREENSHOTS.resolve(engine.label));
        Files.write(folder.resolve(view + ".png"), browser.screenshot());
    }

    /** A send, with these request headers too (name, value, ...). */
    private HttpResponse<String> send(String receiver, String... headers) throws Exception {
        receiversUsed.add(receiver);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/send"));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"sender\":\"ACME\",\"receiver\":\"" + receiver + "\",\"body\":\"Your code is 123456\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The stroke colours of the chart lines of one palette (s0..s7 or r0..r7), in order. */
    private static List<String> colours(String style, String palette) {
        Matcher line = Pattern.compile("\\.line\\." + palette + "[0-7] \\{ stroke: (#[0-9a-f]{6})").matcher(style);
        List<String> found = new ArrayList<>();
        while (line.find()) {
            found.add(line.group(1));
        }
        return found;
    }

    /** An admin API answer, read as the page reads it. */
    private JsonNode admin(String path) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Bearer " + ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path).isEqualTo(200);
        return new ObjectMapper().readTree(answer.body());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
