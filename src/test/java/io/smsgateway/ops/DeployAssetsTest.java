package io.smsgateway.ops;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsgateway.SmsGatewayApplication;
import io.smsgateway.config.ConfigurationError;
import io.smsgateway.support.Deliveries;
import io.smsgateway.support.Folders;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.Ports;
import io.smsgateway.support.Redis;
import io.smsgateway.support.Scrape;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/: each asset parses; the Kubernetes manifests agree with the service (probe paths, port,
 * routes folder, the route files themselves); every metric the dashboard and the alert rules use is
 * one the service exports, and every series a panel shows has its legend; the metrics pass
 * promtool's lint and the alert rules their promtool unit tests (when promtool is on the PATH).
 */
class DeployAssetsTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final Pattern METRIC = Pattern.compile("\\b((?:sms|camel)_[a-z0-9_]+)\\b");
    private static final Pattern SELECTOR = Pattern.compile("\\b((?:sms|camel)_[a-z0-9_]+)(\\{[^}]*})?");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_]\\w*)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");
    private static final Path PROMTOOL = onPath("promtool");
    private static Scrape scrape;

    @Test
    void kubernetesManifestsAgreeWithTheService() throws IOException {
        Map<String, Map<String, Object>> objects = kubernetesObjects();

        assertThat(objects).containsKeys("Deployment/sms-gateway", "Service/sms-gateway", "ConfigMap/sms-gateway-config",
                "ConfigMap/sms-gateway-routes", "Secret/sms-gateway-credentials", "Deployment/sms-gateway-redis",
                "Service/sms-gateway-redis");
        Map<String, Object> container = first(list(at(objects.get("Deployment/sms-gateway"), "spec", "template", "spec", "containers")));
        assertThat((Object) at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/-/healthz");
        assertThat((Object) at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/-/ready");
        assertThat((Object) at(first(list(container.get("ports"))), "containerPort")).isEqualTo(3000);
        Map<String, Object> routesMount = list(container.get("volumeMounts")).stream()
                .filter(mount -> "routes".equals(mount.get("name"))).findFirst().orElseThrow();
        assertThat(routesMount.get("mountPath")).isEqualTo("/app/routes")
                .isEqualTo((Object) at(objects.get("ConfigMap/sms-gateway-config"), "data", "ROUTES_DIR"));
        assertThat(Files.readString(Path.of("Dockerfile"))).contains("ROUTES_DIR=/app/routes");

        Map<String, Object> kustomization = new Yaml().load(Files.readString(DEPLOY.resolve("kubernetes/kustomization.yaml")));
        for (Object resource : (List<?>) kustomization.get("resources")) {
            assertThat(DEPLOY.resolve("kubernetes").resolve(resource.toString())).exists();
        }
    }

    /** The deploy assets require API keys, and what the Secret ships is a placeholder the service refuses to start with. */
    @Test
    void kubernetesRequiresApiKeysAndShipsNone() throws IOException {
        Map<String, Map<String, Object>> objects = kubernetesObjects();
        Object required = at(objects.get("ConfigMap/sms-gateway-config"), "data", "SMS_REQUIRE_API_KEYS");
        String shipped = at(objects.get("Secret/sms-gateway-credentials"), "stringData", "SMS_API_KEYS");

        assertThat(required).isEqualTo("true");
        assertThatThrownBy(() -> new ApiKeyProperties(shipped, true))
                .isInstanceOf(ConfigurationError.class)
                .hasMessageStartingWith("SMS_API_KEYS still holds the placeholder");
    }

    @Test
    void theRoutesConfigMapHoldsExactlyTheRouteFiles() throws IOException {
        Map<String, Object> configMap = kubernetesObjects().get("ConfigMap/sms-gateway-routes");
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path file : routes.filter(path -> path.toString().endsWith(".camel.yaml")).toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        }

        Map<String, Object> data = at(configMap, "data");
        assertThat(new TreeMap<String, Object>(data)).as("run deploy/kubernetes/update-routes-configmap.sh")
                .isEqualTo(files);
    }

    @Test
    void theDashboardAndTheAlertRulesUseOnlyMetricsTheServiceExports() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DEPLOY.resolve("grafana/sms-gateway-dashboard.json").toFile());
        List<String> expressions = new ArrayList<>(dashboard.findValuesAsText("expr"));
        Map<String, Object> rules = new Yaml().load(Files.readString(DEPLOY.resolve("prometheus/alert-rules.yaml")));
        for (Map<String, Object> group : list(rules.get("groups"))) {
            for (Map<String, Object> rule : list(group.get("rules"))) {
                assertThat(rule).containsKeys("alert", "expr", "for", "labels", "annotations");
                expressions.add(rule.get("expr").toString());
            }
        }
        Set<String> used = new TreeSet<>();
        for (String expression : expressions) {
            Matcher metric = METRIC.matcher(expression);
            while (metric.find()) {
                used.add(metric.group(1));
            }
        }

        assertThat(used).contains("sms_sends_total", "sms_rejections_total", "sms_provider_request_seconds_bucket",
                "sms_balance", "sms_circuit_open", "sms_delay_held");
        assertThat(scrapeAfterTraffic().names()).containsAll(used);
    }

    /** A series without the labels of its legend shows in Grafana as a line without a name. */
    @Test
    void everySeriesOfADashboardPanelHasTheLabelsOfItsLegend() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DEPLOY.resolve("grafana/sms-gateway-dashboard.json").toFile());
        Scrape scrape = scrapeAfterTraffic();
        List<String> checked = new ArrayList<>();
        for (JsonNode target : dashboard.findValues("targets").stream().flatMap(targets -> targets.findParents("expr").stream()).toList()) {
            String expression = target.get("expr").asText();
            Set<String> legendLabels = new TreeSet<>();
            Matcher legend = LEGEND_LABEL.matcher(target.path("legendFormat").asText(""));
            while (legend.find()) {
                legendLabels.add(legend.group(1));
            }
            Matcher selector = SELECTOR.matcher(expression);
            while (selector.find()) {
                for (Map<String, String> series : scrape.series(selector.group(1))) {
                    if (matches(series, selector.group(2))) {
                        checked.add(selector.group(1));
                        assertThat(legendLabels).as("%s, series %s", expression, series)
                                .allSatisfy(label -> assertThat(series.get(label)).as(label).isNotBlank());
                    }
                }
            }
        }
        assertThat(checked).as("series checked").contains("camel_exchanges_total", "sms_sends_total");
    }

    /** promtool's own lint of the exposition, for every sms_ metric (other libraries' are theirs). */
    @Test
    void promtoolFindsNoProblemWithAnySmsMetric() throws Exception {
        assumePromtool();
        Scrape scrape = scrapeAfterTraffic();
        assertThat(scrape.names()).contains("sms_sends_total", "sms_rejections_total", "sms_ingested_total");

        String problems = promtool(scrape.text(), "check", "metrics");

        assertThat(problems.lines().filter(line -> line.startsWith("sms_"))).as(problems).isEmpty();
    }

    /** Without promtool: every sms_ metric family carries help text. */
    @Test
    void everySmsMetricHasHelpText() {
        Scrape scrape = scrapeAfterTraffic();
        Set<String> families = new TreeSet<>();
        for (String name : scrape.names()) {
            if (name.startsWith("sms_")) {
                families.add(scrape.help().containsKey(name) ? name : name.replaceAll("_(bucket|count|sum|max)$", ""));
            }
        }

        assertThat(families).contains("sms_sends_total", "sms_rejections_total", "sms_ingested_total")
                .allSatisfy(family -> assertThat(scrape.help().get(family)).as("help of %s", family).isNotBlank());
    }

    @Test
    void theAlertRulesPassTheirUnitTests() throws Exception {
        assumePromtool();

        String checked = promtool(null, "check", "rules", DEPLOY.resolve("prometheus/alert-rules.yaml").toString());
        String tested = promtool(null, "test", "rules", DEPLOY.resolve("prometheus/alert-rules.test.yaml").toString());

        assertThat(checked).contains("SUCCESS: 10 rules found");
        assertThat(tested).contains("SUCCESS");
    }

    /** Equality and regular-expression matchers, as PromQL applies them to a series' labels. */
    private static boolean matches(Map<String, String> series, String selector) {
        if (selector == null) {
            return true;
        }
        Matcher matcher = MATCHER.matcher(selector);
        boolean all = true;
        while (matcher.find()) {
            String value = series.getOrDefault(matcher.group(1), "");
            all &= switch (matcher.group(2)) {
                case "=" -> value.equals(matcher.group(3));
                case "!=" -> !value.equals(matcher.group(3));
                case "=~" -> value.matches(matcher.group(3));
                default -> !value.matches(matcher.group(3));
            };
        }
        return all;
    }

    private static void assumePromtool() {
        assumeTrue(PROMTOOL != null, "promtool is not on the PATH (apt-get install prometheus; .ci/run installs it)");
    }

    /** promtool's output, standard and error, after it exited 0. */
    private static String promtool(String input, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool ended").isTrue();
        // check metrics exits 3 on lint problems, which the caller sorts out
        assertThat(process.exitValue()).as(output).isIn(0, arguments[1].equals("metrics") ? 3 : 0);
        return output;
    }

    private static Path onPath(String program) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(folder, program);
            if (!folder.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The scrape of a service in redis mode after a send, a refusal, a fraud refusal, a provider failure and a dropped file; taken once. */
    private static synchronized Scrape scrapeAfterTraffic() {
        if (scrape == null) {
            scrape = trafficScrape();
        }
        return scrape;
    }

    private static Scrape trafficScrape() {
        SERVER.resetAll();
        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.balanceOf("7.00")));
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        Path inbox = Folders.create("deploy-metrics-").resolve("inbox");
        String prefix = Redis.prefix("deploy");
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(SmsGatewayApplication.class)
                .run(TwilioStub.serviceArguments(
                        "--server.port=0",
                        "--TWILIO_EMPTY_BALANCE_CHECK=true",
                        "--SMS_STATE_STORE=redis",
                        "--REDIS_URL=" + Redis.URL,
                        "--SMS_REDIS_PREFIX=" + prefix,
                        "--SMS_INBOX_DIR=" + inbox,
                        "--SMS_INBOX_POLL_INTERVAL=200ms",
                        "--SMS_INBOX_SETTLE_TIME=300ms"))) {
            Files.createDirectories(inbox);
            SendClient api = new SendClient(Ports.of(service));
            api.send("ACME", Numbers.unique(), "sent");
            api.send("ACME", "+1555", "refused");
            api.send("ACME", "+449098765432", "premium-rate: the fraud shield refuses it");
            SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.error(503, 20503, "Service Unavailable")));
            api.send("ACME", Numbers.unique(), "failed");
            Folders.drop(inbox, "one.jsonl", "{\"sender\":\"ACME\",\"receiver\":\"" + Numbers.unique() + "\",\"body\":\"x\"}\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> Deliveries.archives(inbox, ".done", "one.jsonl").size() == 1);
            return new Scrape(api.get("/-/metrics").body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Redis.removeKeys(Redis.template(6379), prefix);
        }
    }

    private static Map<String, Map<String, Object>> kubernetesObjects() throws IOException {
        Map<String, Map<String, Object>> objects = new TreeMap<>();
        try (Stream<Path> files = Files.list(DEPLOY.resolve("kubernetes"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).toList()) {
                for (Object document : new Yaml().loadAll(Files.readString(file))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> object = (Map<String, Object>) document;
                    if (object != null && object.containsKey("metadata")) {
                        objects.put(object.get("kind") + "/" + at(object, "metadata", "name"), object);
                    }
                }
            }
        }
        return objects;
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Map<String, Object> object, String... path) {
        Object current = object;
        for (String key : path) {
            current = ((Map<String, Object>) current).get(key);
        }
        return (T) current;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    private static Map<String, Object> first(List<Map<String, Object>> values) {
        return values.get(0);
    }
}
