package io.smsgateway.ops;

import static io.smsgateway.ops.BiDiConnection.params;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Debian's Firefox ESR, headless, driven through WebDriver BiDi, which it speaks itself (Debian has
 * no geckodriver): started on a fresh profile with its remote agent on a port of its choosing, it
 * is sent {@code session.new} and then BiDi commands over a WebSocket. Clicks and keys are
 * {@code input.performActions}; the network log is the {@code network} events, the answers' bodies
 * kept by a data collector. {@link #close()} kills Firefox and its child processes and removes the
 * profile, also when the test failed.
 */
final class FirefoxBrowser implements Browser {

    private static final Path FIREFOX = Path.of("/usr/bin/firefox-esr");
    private static final Pattern LISTENING = Pattern.compile("WebDriver BiDi listening on (ws://\\S+)");
    private static final String CONTROL = "\uE009";
    private static final String BACKSPACE = "\uE003";
    private static final String ARROW_UP = "\uE013";
    private static final String ARROW_DOWN = "\uE015";
    // a test profile: no update, telemetry, default-browser or safe-browsing traffic, no first-run pages
    private static final String PREFERENCES = String.join("\n",
            "user_pref(\"remote.active-protocols\", 1);",
            "user_pref(\"app.update.disabledForTesting\", true);",
            "user_pref(\"browser.shell.checkDefaultBrowser\", false);",
            "user_pref(\"browser.startup.homepage_override.mstone\", \"ignore\");",
            "user_pref(\"browser.aboutwelcome.enabled\", false);",
            "user_pref(\"datareporting.policy.dataSubmissionEnabled\", false);",
            "user_pref(\"datareporting.healthreport.uploadEnabled\", false);",
            "user_pref(\"toolkit.telemetry.enabled\", false);",
            "user_pref(\"network.captive-portal-service.enabled\", false);",
            "user_pref(\"network.connectivity-service.enabled\", false);",
            "user_pref(\"browser.safebrowsing.malware.enabled\", false);",
            "user_pref(\"browser.safebrowsing.phishing.enabled\", false);",
            "user_pref(\"browser.safebrowsing.downloads.enabled\", false);",
            "user_pref(\"browser.safebrowsing.update.enabled\", false);",
            "user_pref(\"extensions.update.enabled\", false);",
            "user_pref(\"services.settings.server\", \"http://127.0.0.1:9/\");",
            "") + "\n";

    private final Process firefox;
    private final Path profile;
    private final Thread killOnExit;
    private BiDiConnection bidi;
    private String context;
    private final AtomicReference<String> openPrompt = new AtomicReference<>();
    private final Map<String, Request> requests = new LinkedHashMap<>();
    private final Set<String> answered = ConcurrentHashMap.newKeySet();

    private record Request(String url, boolean sentACookie) {
    }

    private FirefoxBrowser(Process firefox, Path profile) {
        this.firefox = firefox;
        this.profile = profile;
        // a JVM stopped mid-test (Ctrl-C, a killed fork) still takes Firefox down with it
        this.killOnExit = new Thread(this::kill);
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    static boolean isInstalled() {
        return Files.isExecutable(FIREFOX);
    }

    static FirefoxBrowser start() throws Exception {
        Path profile = Files.createTempDirectory("console-firefox-");
        Files.writeString(profile.resolve("user.js"), PREFERENCES);
        ProcessBuilder command = new ProcessBuilder(FIREFOX.toString(), "--headless", "--no-remote",
                "--remote-debugging-port=0", "--profile", profile.toString()).redirectErrorStream(true);
        command.environment().put("MOZ_CRASHREPORTER_DISABLE", "1");
        FirefoxBrowser browser;
        try {
            browser = new FirefoxBrowser(command.start(), profile);
        } catch (IOException notStarted) {
            deleteTheProfile(profile);
            throw notStarted;
        }
        try {
            browser.connect(browser.listeningAddress());
            return browser;
        } catch (Exception | Error failed) {
            browser.close();
            throw failed;
        }
    }

    /** Reads Firefox's output (all of it, lest a full pipe stall Firefox) for the address its remote agent took. */
    private URI listeningAddress() throws Exception {
        CompletableFuture<String> address = new CompletableFuture<>();
        Deque<String> lastLines = new ConcurrentLinkedDeque<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader output = new BufferedReader(new InputStreamReader(firefox.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    Matcher listening = LISTENING.matcher(line);
                    if (listening.find()) {
                        address.complete(listening.group(1));
                    }
                    lastLines.addLast(line);
                    if (lastLines.size() > 20) {
                        lastLines.removeFirst();
                    }
                }
            } catch (IOException closed) {
                // Firefox is gone
            }
            address.completeExceptionally(new IllegalStateException("Firefox exited without a remote agent: " + lastLines));
        }, "firefox-output");
        reader.setDaemon(true);
        reader.start();
        return URI.create(address.get(60, TimeUnit.SECONDS) + "/session");
    }

    private void connect(URI address) throws Exception {
        bidi = BiDiConnection.open(address);
        bidi.on("browsingContext.userPromptOpened", prompt -> openPrompt.set(prompt.path("message").asText()));
        bidi.on("browsingContext.userPromptClosed", prompt -> openPrompt.set(null));
        bidi.on("network.beforeRequestSent", this::requestSent);
        bidi.on("network.responseCompleted", response -> answered.add(response.path("request").path("request").asText()));

        // a confirmation dialog waits for the test to answer it instead of being dismissed by the session
        ObjectNode capabilities = params();
        capabilities.putObject("capabilities").putObject("alwaysMatch").putObject("unhandledPromptBehavior").put("default", "ignore");
        bidi.call("session.new", capabilities);
        ObjectNode subscription = params();
        subscription.putArray("events").add("browsingContext.userPromptOpened").add("browsingContext.userPromptClosed")
                .add("network.beforeRequestSent").add("network.responseCompleted");
        bidi.call("session.subscribe", subscription);
        ObjectNode collector = params().put("maxEncodedDataSize", 10_000_000);
        collector.putArray("dataTypes").add("response");
        bidi.call("network.addDataCollector", collector);
        context = bidi.call("browsingContext.getTree", params()).path("contexts").get(0).path("context").asText();
        resize(1280, 1000);
    }

    private void requestSent(JsonNode event) {
        JsonNode request = event.path("request");
        boolean cookie = false;
        for (JsonNode header : request.path("headers")) {
            cookie |= header.path("name").asText().equalsIgnoreCase("cookie");
        }
        synchronized (requests) {
            requests.put(request.path("request").asText(), new Request(request.path("url").asText(), cookie));
        }
    }

    @Override
    public void open(String url) {
        bidi.call("browsingContext.navigate", params().put("context", context).put("url", url).put("wait", "complete"));
    }

    @Override
    public void click(String selector) {
        clickOn(call("(selector) => { const e = document.querySelector(selector);"
                + " if (!e) throw new Error('nothing matches ' + selector);"
                + " e.scrollIntoView({block: 'center'}); return e; }", selector));
    }

    @Override
    public void clickTheButtonOfTheRow(String table, String text) {
        clickOn(call("(table, text) => { const row = [...document.querySelectorAll('#' + table + ' tbody tr')]"
                + ".find(r => r.innerText.includes(text)); if (!row) throw new Error(text + ' not in ' + table);"
                + " const button = row.querySelector('button'); button.scrollIntoView({block: 'center'}); return button; }",
                table, text));
    }

    /**
     * A mouse click in the middle of the element. When the click opens a confirmation dialog, Firefox
     * answers the action only once the dialog is closed (so seen with Firefox ESR 153): the click is
     * done when the answer or the dialog comes.
     */
    private void clickOn(JsonNode element) {
        ObjectNode actions = params().put("context", context);
        ObjectNode mouse = actions.putArray("actions").addObject().put("type", "pointer").put("id", "mouse");
        mouse.putObject("parameters").put("pointerType", "mouse");
        ArrayNode steps = mouse.putArray("actions");
        ObjectNode move = steps.addObject().put("type", "pointerMove").put("x", 0).put("y", 0);
        move.putObject("origin").put("type", "element").putObject("element").put("sharedId", element.path("sharedId").asText());
        steps.addObject().put("type", "pointerDown").put("button", 0);
        steps.addObject().put("type", "pointerUp").put("button", 0);
        CompletableFuture<JsonNode> done = bidi.send("input.performActions", actions);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> done.isDone() || openPrompt.get() != null);
        if (done.isCompletedExceptionally()) {
            done.join();
        }
    }

    @Override
    public void type(String selector, String text) {
        click(selector);
        keyboard(keys -> {
            // Ctrl+A, Backspace: whatever the field held goes
            down(keys, CONTROL);
            press(keys, "a");
            up(keys, CONTROL);
            press(keys, BACKSPACE);
            text.codePoints().forEach(c -> press(keys, Character.toString(c)));
        });
    }

    /**
     * With the keyboard, as an operator would without a mouse: the select focused, the arrow keys
     * move to the option (a click would open Firefox's own dropdown, which is no part of the page).
     */
    @Override
    public void select(String selector, String value) {
        JsonNode steps = call("(selector, value) => { const e = document.querySelector(selector);"
                + " const to = [...e.options].findIndex(o => o.value === value);"
                + " if (to < 0) throw new Error(value + ' not an option of ' + selector); e.focus(); return to - e.selectedIndex; }",
                selector, value);
        long moves = steps.path("value").asLong();
        keyboard(keys -> {
            for (long i = 0; i < Math.abs(moves); i++) {
                press(keys, moves > 0 ? ARROW_DOWN : ARROW_UP);
            }
        });
        Object chosen = evaluate("document.querySelector(" + BiDiConnection.JSON.valueToTree(selector) + ").value");
        if (!value.equals(chosen)) {
            throw new AssertionError(selector + " holds " + chosen + " after the arrow keys, not " + value);
        }
    }

    /** One sequence of key actions, as {@code keys} lists them. */
    private void keyboard(Consumer<ArrayNode> keys) {
        ObjectNode actions = params().put("context", context);
        ObjectNode keyboard = actions.putArray("actions").addObject().put("type", "key").put("id", "keyboard");
        keys.accept(keyboard.putArray("actions"));
        bidi.call("input.performActions", actions);
    }

    private static void press(ArrayNode keys, String key) {
        down(keys, key);
        up(keys, key);
    }

    private static void down(ArrayNode keys, String key) {
        keys.addObject().put("type", "keyDown").put("value", key);
    }

    private static void up(ArrayNode keys, String key) {
        keys.addObject().put("type", "keyUp").put("value", key);
    }

    @Override
    public String text(String selector) {
        return valueOf(call("(selector) => { const e = document.querySelector(selector);"
                + " if (!e) throw new Error('nothing matches ' + selector); return e.innerText; }", selector)).toString();
    }

    @Override
    public boolean isDisplayed(String selector) {
        return (Boolean) valueOf(call("(selector) => { const e = document.querySelector(selector);"
                + " if (!e) throw new Error('nothing matches ' + selector);"
                + " return e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'; }", selector));
    }

    @Override
    public Object evaluate(String expression) {
        ObjectNode evaluate = params().put("expression", expression).put("awaitPromise", false);
        evaluate.putObject("target").put("context", context);
        return valueOf(result(bidi.call("script.evaluate", evaluate)));
    }

    /** Calls the function in the page with these string arguments; its value as BiDi serialises it. */
    private JsonNode call(String function, String... arguments) {
        ObjectNode call = params().put("functionDeclaration", function).put("awaitPromise", false);
        call.putObject("target").put("context", context);
        ArrayNode values = call.putArray("arguments");
        for (String argument : arguments) {
            values.addObject().put("type", "string").put("value", argument);
        }
        return result(bidi.call("script.callFunction", call));
    }

    private static JsonNode result(JsonNode evaluated) {
        if ("exception".equals(evaluated.path("type").asText())) {
            throw new IllegalStateException("in the page: " + evaluated.path("exceptionDetails").path("text").asText());
        }
        return evaluated.path("result");
    }

    /** A BiDi remote value as the Java value Selenium would answer. */
    private static Object valueOf(JsonNode remote) {
        JsonNode value = remote.path("value");
        return switch (remote.path("type").asText()) {
            case "string" -> value.asText();
            case "boolean" -> value.asBoolean();
            case "number" -> value.isIntegralNumber() ? (Object) value.asLong() : (Object) value.asDouble();
            case "null", "undefined" -> null;
            case "array" -> {
                List<Object> items = new ArrayList<>();
                value.forEach(item -> items.add(valueOf(item)));
                yield items;
            }
            default -> remote.toString();
        };
    }

    @Override
    public Optional<String> dialog() {
        return Optional.ofNullable(openPrompt.get());
    }

    @Override
    public void acceptTheDialog() {
        bidi.call("browsingContext.handleUserPrompt", params().put("context", context).put("accept", true));
        openPrompt.set(null);
    }

    @Override
    public void resize(int width, int height) {
        ObjectNode viewport = params().put("context", context);
        viewport.putObject("viewport").put("width", width).put("height", height);
        bidi.call("browsingContext.setViewport", viewport);
    }

    @Override
    public byte[] screenshot() {
        return Base64.getDecoder().decode(
                bidi.call("browsingContext.captureScreenshot", params().put("context", context)).path("data").asText());
    }

    @Override
    public String currentUrl() {
        return bidi.call("browsingContext.getTree", params().put("root", context)).path("contexts").get(0).path("url").asText();
    }

    @Override
    public List<Fetched> fetched() {
        Map<String, Request> made;
        synchronized (requests) {
            made = new LinkedHashMap<>(requests);
        }
        List<Fetched> fetched = new ArrayList<>();
        made.forEach((id, request) -> {
            String body = null;
            if (answered.contains(id)) {
                try {
                    JsonNode bytes = bidi.call("network.getData", params().put("dataType", "response").put("request", id)).path("bytes");
                    body = bytes.path("type").asText().equals("base64")
                            ? new String(Base64.getDecoder().decode(bytes.path("value").asText()), StandardCharsets.UTF_8)
                            : bytes.path("value").asText();
                } catch (BiDiConnection.BiDiError notKept) {
                    // no body (a 204, the page itself from the cache) or not collected: the caller sees null
                }
            }
            fetched.add(new Fetched(request.url(), request.sentACookie(), body));
        });
        return fetched;
    }

    @Override
    public void close() {
        if (bidi != null) {
            bidi.close();
        }
        kill();
        deleteTheProfile(profile);
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException exiting) {
            // the JVM is shutting down: the hook runs anyway
        }
    }

    /** Firefox and the content processes it started: asked to stop, then killed if still there after 10 s. */
    private void kill() {
        List<ProcessHandle> all = Stream.concat(firefox.descendants(), Stream.of(firefox.toHandle())).toList();
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle process : all) {
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception stillThere) {
                process.destroyForcibly();
            }
        }
    }

    private static void deleteTheProfile(Path profile) {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException gone) {
            // nothing left to delete
        }
    }
}
