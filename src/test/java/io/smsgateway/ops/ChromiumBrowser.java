package io.smsgateway.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;

/** Debian's headless Chromium through its chromedriver (Selenium). */
final class ChromiumBrowser implements Browser {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChromeDriver driver;

    private ChromiumBrowser(ChromeDriver driver) {
        this.driver = driver;
    }

    static boolean isInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    static ChromiumBrowser start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000");
        // the performance log holds the DevTools network events: every request the page made
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        return new ChromiumBrowser(new ChromeDriver(service, options));
    }

    @Override
    public void open(String url) {
        driver.get(url);
    }

    @Override
    public void click(String selector) {
        driver.findElement(By.cssSelector(selector)).click();
    }

    @Override
    public void clickTheButtonOfTheRow(String table, String text) {
        driver.findElements(By.cssSelector("#" + table + " tbody tr")).stream()
                .filter(row -> row.getText().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError(text + " not in " + table))
                .findElement(By.tagName("button")).click();
    }

    @Override
    public void type(String selector, String text) {
        WebElement field = driver.findElement(By.cssSelector(selector));
        field.clear();
        field.sendKeys(text);
    }

    @Override
    public void select(String selector, String value) {
        new Select(driver.findElement(By.cssSelector(selector))).selectByValue(value);
    }

    @Override
    public String text(String selector) {
        return driver.findElement(By.cssSelector(selector)).getText();
    }

    @Override
    public boolean isDisplayed(String selector) {
        return driver.findElement(By.cssSelector(selector)).isDisplayed();
    }

    @Override
    public Object evaluate(String expression) {
        return driver.executeScript("return " + expression);
    }

    @Override
    public Optional<String> dialog() {
        try {
            return Optional.of(driver.switchTo().alert().getText());
        } catch (NoAlertPresentException none) {
            return Optional.empty();
        }
    }

    @Override
    public void acceptTheDialog() {
        driver.switchTo().alert().accept();
    }

    @Override
    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    @Override
    public byte[] screenshot() {
        return driver.getScreenshotAs(OutputType.BYTES);
    }

    @Override
    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    @Override
    public List<Fetched> fetched() throws Exception {
        // the requests by DevTools id, with whether they carried a cookie, then the ids answered
        Map<String, String> urls = new LinkedHashMap<>();
        Map<String, Boolean> cookies = new LinkedHashMap<>();
        List<String> answered = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            JsonNode params = message.path("params");
            String id = params.path("requestId").asText();
            if (message.path("method").asText().equals("Network.requestWillBeSent")) {
                urls.put(id, params.path("request").path("url").asText());
                cookies.put(id, params.path("request").path("headers").has("Cookie"));
            } else if (message.path("method").asText().equals("Network.responseReceived")) {
                answered.add(id);
            }
        }
        List<Fetched> fetched = new ArrayList<>();
        for (Map.Entry<String, String> request : urls.entrySet()) {
            String body = null;
            if (answered.contains(request.getKey()) && request.getValue().startsWith("http")) {
                try {
                    body = driver.executeCdpCommand("Network.getResponseBody", Map.of("requestId", request.getKey()))
                            .get("body").toString();
                } catch (WebDriverException notKept) {
                    // Chromium drops bodies it has no room for; the caller sees null
                }
            }
            fetched.add(new Fetched(request.getValue(), cookies.get(request.getKey()), body));
        }
        return fetched;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
