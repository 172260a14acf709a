package io.smsgateway.ops;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.smsgateway.message.JsonAnswers;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;

/**
 * The Mia-Platform probes, answered from the Actuator health groups of the same names:
 * {@code {"status": "OK"|"KO", "name", "version"}} with 200 or 503; and the Prometheus scrape.
 */
@Component("opsProbes")
class OpsProbes {

    private final HealthEndpoint health;
    private final ObjectProvider<PrometheusMeterRegistry> prometheus;
    private final String name;
    private final String version;

    OpsProbes(HealthEndpoint health, ObjectProvider<PrometheusMeterRegistry> prometheus, ObjectProvider<BuildProperties> build,
              @Value("${spring.application.name}") String name) {
        this.health = health;
        this.prometheus = prometheus;
        this.name = name;
        BuildProperties properties = build.getIfAvailable();
        this.version = properties == null ? "unknown" : properties.getVersion();
    }

    /** GET /-/metrics: Prometheus text format (absent only where export is off, as in tests that do not ask for it). */
    public String metrics(Exchange exchange) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        PrometheusMeterRegistry registry = prometheus.getIfAvailable();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, registry == null ? 404 : 200);
        message.setHeader(Exchange.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        return registry == null ? "metrics export is off\n" : registry.scrape();
    }

    /** A probe: the health group's verdict, OK with 200 or KO with 503. */
    public Map<String, Object> probe(String group, Exchange exchange) {
        HealthComponent result = health.healthForPath(group);
        boolean ok = result != null && Status.UP.equals(result.getStatus());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ok ? "OK" : "KO");
        body.put("name", name);
        body.put("version", version);
        return JsonAnswers.answer(exchange, ok ? 200 : 503, body);
    }
}
