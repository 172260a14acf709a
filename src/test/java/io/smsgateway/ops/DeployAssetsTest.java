package io.smsgateway.ops;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsgateway.SmsGatewayApplication;
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
 * one the service exports.
 */
class DeployAssetsTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final Pattern METRIC = Pattern.compile("\\b((?:sms|camel)_[a-z0-9_]+)\\b");

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
        assertThat(exportedAfterTraffic()).containsAll(used);
    }

    /** A service in redis mode, after a send, a refusal, a provider failure and a dropped file. */
    private static Set<String> exportedAfterTraffic() throws IOException {
        SERVER.resetAll();
        SERVER.stubFor(TwilioStub.balance().willReturn(TwilioStub.balanceOf("7.00")));
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        Path inbox = Folders.create("deploy-metrics-").resolve("inbox");
        Files.createDirectories(inbox);
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
            SendClient api = new SendClient(Ports.of(service));
            api.send("ACME", Numbers.unique(), "sent");
            api.send("ACME", "+1555", "refused");
            SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.error(503, 20503, "Service Unavailable")));
            api.send("ACME", Numbers.unique(), "failed");
            Folders.drop(inbox, "one.jsonl", "{\"sender\":\"ACME\",\"receiver\":\"" + Numbers.unique() + "\",\"body\":\"x\"}\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(inbox.resolve(".done/one.jsonl")));
            return new Scrape(api.get("/-/metrics").body()).names();
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
