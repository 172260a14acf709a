package io.smsgateway.ops;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.StubbedProviderTest;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The operator console in a real browser (Debian's headless Chromium through its chromedriver)
 * against the real service, its real route files and the WireMock Twilio: an operator logs in (a
 * wrong key is refused), sees the counters move as messages are sent, sees the prefix block an
 * adjacent-number attack placed with its evidence, lifts it with the button, and the next send to
 * that prefix passes. Nothing the page fetched carries the key in a URL or a whole receiver number,
 * and every asset is served under the strict Content-Security-Policy. A screenshot of each view is
 * written to target/console-screenshots/.
 */
@SpringBootTest(classes = SmsGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                TwilioStub.PROVIDER_PROPERTY, TwilioStub.ACCOUNT_SID_PROPERTY, TwilioStub.AUTH_TOKEN_PROPERTY,
                "RATE_LIMIT_MAX_REQUESTS=1000",
                "SMS_ADMIN_KEYS=night-shift=" + ConsoleBrowserTest.ADMIN_KEY,
                "SMS_FRAUD_ADJACENT_THRESHOLD=3"
        })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class ConsoleBrowserTest extends StubbedProviderTest {

    static final String ADMIN_KEY = "console-admin-key-5f1c9e";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    // the block of consecutive numbers the attack pumps: past 3 distinct receivers, the prefix is blocked
    private static final String PREFIX = "+447400555";
    // the sid of the send made with the request id req-42
    private static final String REQUEST_SID = "SM42424242424242424242424242424242";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> receiversUsed = new ArrayList<>();

    @BeforeAll
    static void aBrowserIsInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver; "
                        + ".ci/run installs them): the operator console's browser test is skipped");
    }

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
        assertThat(page).as("no inline script or style").doesNotContainPattern("<script>|<script [^>]*>[^<]|<style|\\sstyle=|\\son[a-z]+=");
    }

    @Test
    void anOperatorSeesAnAttackUnderstandsTheBlockAndLiftsIt(CapturedOutput output) throws Exception {
        WebDriver browser = browser();
        try {
            // the Now view is drawn anew at each poll: an element found may be replaced before it is read
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            wait.ignoring(StaleElementReferenceException.class);
            browser.get(base() + "/console");

            // a wrong key is refused and nothing is shown
            logIn(browser, wait, "not-" + ADMIN_KEY);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "refused"));
            assertThat(browser.findElement(By.id("tabs")).isDisplayed()).isFalse();
            assertThat(storedKey(browser)).isNull();
            screenshot(browser, "login");

            // the right key opens the Now view
            logIn(browser, wait, ADMIN_KEY);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("card-sent")));
            long sentBefore = counter(browser, "card-sent");

            // three sends: the counters move without reloading the page; the first with a request id of
            // the client's, and a sid of its own, to be looked up by in the Message view
            SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created(REQUEST_SID)));
            assertThat(send(Numbers.unique(), "x-request-id", "req-42").statusCode()).isEqualTo(200);
            SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
            for (int i = 0; i < 2; i++) {
                assertThat(send(Numbers.unique()).statusCode()).isEqualTo(200);
            }
            wait.until(driver -> counter(driver, "card-sent") >= sentBefore + 3);

            // an adjacent-number attack: the fourth receiver of the block trips the rule
            for (int last = 1; last <= 3; last++) {
                assertThat(send(PREFIX + "00" + last).statusCode()).isEqualTo(200);
            }
            assertThat(send(PREFIX + "004").statusCode()).isEqualTo(403);
            assertThat(send(PREFIX + "005").statusCode()).isEqualTo(403);
            wait.until(driver -> counter(driver, "card-refused") >= 2 && counter(driver, "card-blocks-in-force") >= 1);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("legend-refusals"), "fraud"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("fraud-decisions"), "adjacent"));
            screenshot(browser, "now");
            browser.manage().window().setSize(new Dimension(412, 915));
            screenshot(browser, "now-phone");
            browser.manage().window().setSize(new Dimension(1280, 1000));

            // Blocks: the prefix, masked, with its rule and evidence
            tab(browser, "blocks");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("blocks"), PREFIX + "xxx"));
            String blockRow = row(browser, "blocks", PREFIX + "xxx").getText();
            assertThat(blockRow).contains("adjacent", "4 different receivers within 10 min");

            // an override through the form, listed with who set it, then removed; each action confirmed
            new Select(browser.findElement(By.id("override-kind"))).selectByValue("block");
            browser.findElement(By.id("override-subject")).sendKeys("+882");
            browser.findElement(By.id("override-reason")).sendKeys("satellite numbers");
            browser.findElement(By.cssSelector("#override-form button[type=submit]")).click();
            accept(wait, "Block +882");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("overrides"), "satellite numbers"));
            assertThat(row(browser, "overrides", "+882").getText()).contains("block", "night-shift");
            screenshot(browser, "blocks");
            clickTheButtonOfTheRow(wait, "overrides", "+882");
            accept(wait, "Remove the override of +882");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Removed the override of +882"));
            wait.until(ExpectedConditions.not(ExpectedConditions.textToBePresentInElementLocated(By.id("overrides"), "+882")));

            // Decisions: the refusals, receivers masked, filtered by rule and country
            tab(browser, "decisions");
            new Select(browser.findElement(By.id("decisions-rule"))).selectByValue("adjacent");
            browser.findElement(By.id("decisions-country")).sendKeys("GB");
            browser.findElement(By.cssSelector("#decisions-form button")).click();
            wait.until(driver -> {
                String shown = driver.findElement(By.id("decisions")).getText();
                return shown.contains("+44*******004") && shown.contains("+44*******005") && !shown.contains("number_type");
            });
            screenshot(browser, "decisions");

            // a customer's range after all: the operator lifts the block
            assertThat(send(PREFIX + "006").statusCode()).as("the block holds until lifted").isEqualTo(403);
            tab(browser, "blocks");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("blocks"), PREFIX + "xxx"));
            clickTheButtonOfTheRow(wait, "blocks", PREFIX + "xxx");
            accept(wait, "Lift the block of " + PREFIX + "xxx");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Lifted the block of " + PREFIX + "xxx"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("blocks"), "no block in force"));
            assertThat(send(PREFIX + "007").statusCode()).as("the next send to the prefix").isEqualTo(200);

            // Message: looked up by sid, rendered as it is answered; an unknown sid is not found
            tab(browser, "message");
            lookUp(browser, "sid", "SMunknown0000");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message-result"), "Not found"));
            lookUp(browser, "sid", TwilioStub.SID);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message-result"), "provider"));
            assertThat(browser.findElement(By.id("message-result")).findElements(By.cssSelector("ol.history li"))).isNotEmpty();
            // and by the request id of its send: the same answer, with the request id and the failover (none)
            lookUp(browser, "requestId", "req-unknown");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message-result"),
                    "Not found: no message sent with request id req-unknown"));
            lookUp(browser, "requestId", "req-42");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message-result"), REQUEST_SID));
            String shown = browser.findElement(By.id("message-result")).getText();
            assertThat(shown).contains("requestId", "req-42", "failedOverFrom", "provider", "twilio");
            assertThat(browser.findElement(By.id("message-result")).findElements(By.cssSelector("ol.history li"))).isNotEmpty();
            screenshot(browser, "message");

            // what was done is logged with the admin key's label
            assertThat(output.getAll()).contains("night-shift lifted the block of " + PREFIX,
                    "night-shift blocked +882", "night-shift removed the override of +882");

            // the key is in no URL, no cookie and no persistent storage; no answer the page fetched holds a whole number
            assertThat(browser.getCurrentUrl()).doesNotContain(ADMIN_KEY);
            JavascriptExecutor js = (JavascriptExecutor) browser;
            assertThat(js.executeScript("return document.cookie")).isEqualTo("");
            assertThat(js.executeScript("return window.localStorage.length")).isEqualTo(0L);
            @SuppressWarnings("unchecked")
            List<String> fetched = (List<String>) js.executeScript(
                    "return performance.getEntriesByType('resource').map(function (e) { return e.name; })");
            assertThat(fetched).anyMatch(url -> url.endsWith("/admin/status")).noneMatch(url -> url.contains(ADMIN_KEY));
            assertWhatThePageFetched(browser);
            assertThat(browser.findElement(By.tagName("body")).getText()).doesNotContain(receiversUsed.toArray(String[]::new));
        } finally {
            browser.quit();
        }
    }

    /**
     * Every request the page made, from Chromium's network log: none carries the key in its URL, and
     * no answer's body holds a receiver this test sent to.
     */
    private void assertWhatThePageFetched(WebDriver browser) throws IOException {
        Map<String, String> urls = new HashMap<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            JsonNode params = message.path("params");
            if (message.path("method").asText().equals("Network.requestWillBeSent")) {
                String url = params.path("request").path("url").asText();
                assertThat(url).doesNotContain(ADMIN_KEY);
                assertThat(params.path("request").path("headers").has("Cookie")).as(url).isFalse();
            } else if (message.path("method").asText().equals("Network.responseReceived")) {
                urls.put(params.path("requestId").asText(), params.path("response").path("url").asText());
            }
        }
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, String> request : urls.entrySet()) {
            if (!request.getValue().startsWith(base())) {
                continue;
            }
            Map<String, Object> body = ((ChromeDriver) browser).executeCdpCommand("Network.getResponseBody",
                    Map.of("requestId", request.getKey()));
            assertThat(body.get("body").toString()).as(request.getValue()).doesNotContain(receiversUsed.toArray(String[]::new));
            checked.add(request.getValue());
        }
        assertThat(checked).as("answers read back").anyMatch(url -> url.endsWith("/admin/blocks"))
                .anyMatch(url -> url.contains("/admin/decisions")).anyMatch(url -> url.contains("/messages/"));
    }

    private static WebDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        return new ChromeDriver(service, options);
    }

    private static void logIn(WebDriver browser, WebDriverWait wait, String key) {
        WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key")));
        input.clear();
        input.sendKeys(key);
        browser.findElement(By.cssSelector("#login-form button")).click();
    }

    private static void tab(WebDriver browser, String view) {
        browser.findElement(By.cssSelector("#tabs [data-view='" + view + "']")).click();
    }

    private static void lookUp(WebDriver browser, String by, String id) {
        new Select(browser.findElement(By.id("message-by"))).selectByValue(by);
        WebElement input = browser.findElement(By.id("message-id"));
        input.clear();
        input.sendKeys(id);
        browser.findElement(By.cssSelector("#message-form button")).click();
    }

    /** Accepts the confirmation dialog the page opens, which names what is about to be done. */
    private static void accept(WebDriverWait wait, String question) {
        var dialog = wait.until(ExpectedConditions.alertIsPresent());
        assertThat(dialog.getText()).startsWith(question);
        dialog.accept();
    }

    /** Clicks the button in the row holding {@code text}, once the list shows it (again, if it is drawn anew meanwhile). */
    private static void clickTheButtonOfTheRow(WebDriverWait wait, String table, String text) {
        wait.until(driver -> {
            for (WebElement row : driver.findElements(By.cssSelector("#" + table + " tbody tr"))) {
                if (row.getText().contains(text)) {
                    row.findElement(By.tagName("button")).click();
                    return true;
                }
            }
            return false;
        });
    }

    private static WebElement row(WebDriver browser, String table, String text) {
        return browser.findElements(By.cssSelector("#" + table + " tbody tr")).stream()
                .filter(row -> row.getText().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError(text + " not in " + table));
    }

    private static long counter(WebDriver browser, String card) {
        return Long.parseLong(browser.findElement(By.cssSelector("#" + card + " .value")).getText().trim());
    }

    private static Object storedKey(WebDriver browser) {
        return ((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('smsAdminKey')");
    }

    private static void screenshot(WebDriver browser, String view) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(view + ".png"), ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
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

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
