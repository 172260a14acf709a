package io.smsgateway.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The Mia-Platform conventions for operations, turned into Spring's settings before logging and
 * the context start:
 * <ul>
 * <li>LOG_LEVEL: {@code trace, debug, info, warn, error, fatal} or {@code silent} (default info);</li>
 * <li>LOG_FORMAT=json: one JSON object a line (Elastic Common Schema), MDC included;</li>
 * <li>SHUTDOWN_TIMEOUT (default 10s): how long SIGTERM waits for work in flight, for the web
 * server and Camel alike.</li>
 * </ul>
 */
class OperationsEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> settings = new HashMap<>();
        String level = environment.getProperty("LOG_LEVEL", "info").trim().toLowerCase(Locale.ROOT);
        settings.put("logging.level.root", switch (level) {
            case "trace", "debug", "info", "warn", "error" -> level;
            case "fatal" -> "error";
            case "silent" -> "off";
            default -> throw new ConfigurationError("LOG_LEVEL",
                    "must be trace, debug, info, warn, error, fatal or silent (got '" + level + "')");
        });
        String format = environment.getProperty("LOG_FORMAT", "text").trim().toLowerCase(Locale.ROOT);
        if (format.equals("json")) {
            settings.put("logging.structured.format.console", "ecs");
        } else if (!format.equals("text")) {
            throw new ConfigurationError("LOG_FORMAT", "must be json or text (got '" + format + "')");
        }
        long shutdownMillis = MsDuration.parse(environment.getProperty("SHUTDOWN_TIMEOUT", "10s"), "SHUTDOWN_TIMEOUT")
                .toMillis();
        settings.put("spring.lifecycle.timeout-per-shutdown-phase", shutdownMillis + "ms");
        settings.put("camel.main.shutdown-timeout", Long.toString(Math.max(1, (shutdownMillis + 999) / 1000)));
        environment.getPropertySources().addLast(new MapPropertySource("operationsConventions", settings));
    }
}
