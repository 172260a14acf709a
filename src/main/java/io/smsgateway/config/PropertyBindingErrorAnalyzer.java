package io.smsgateway.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * A value that cannot be bound ({@code RATE_LIMIT_MAX_REQUESTS=many}, {@code PROVIDER_TIMEOUT=soon},
 * {@code SMS_STATE_STORE=disk}) named by its environment variable, which application.yaml maps to
 * the property, rather than by the property's path.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class PropertyBindingErrorAnalyzer extends AbstractFailureAnalyzer<BindException> {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

    private final Environment environment;

    PropertyBindingErrorAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        if (cause.getProperty() == null || !cause.getProperty().getName().toString().startsWith("sms.")) {
            return null;
        }
        String property = cause.getProperty().getName().toString();
        String variable = variableOf(property);
        Object raw = cause.getProperty().getValue();
        // the value as the operator gave it, not the placeholder application.yaml maps it from
        Object value = raw instanceof String text ? environment.resolvePlaceholders(text) : raw;
        return new FailureAnalysis("Invalid configuration: " + variable + " " + expectation(cause, value),
                "Set " + variable + " in the environment (see the configuration table in README.md).", cause);
    }

    private static String expectation(BindException cause, Object value) {
        if (NestedExceptionUtils.getMostSpecificCause(cause) instanceof ConfigurationError refused) {
            return refused.expectation();
        }
        Class<?> target = cause.getTarget().getType().resolve();
        if (target != null && target.isEnum()) {
            return "must be one of " + Arrays.stream(target.getEnumConstants())
                    .map(constant -> constant.toString().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", ")) + " (got '" + value + "')";
        }
        return "cannot be read as the value it expects (got '" + value + "')";
    }

    private String variableOf(String property) {
        if (environment instanceof ConfigurableEnvironment configurable) {
            for (PropertySource<?> source : configurable.getPropertySources()) {
                Object raw = source.getProperty(property);
                if (raw != null) {
                    Matcher m = VARIABLE.matcher(raw.toString());
                    if (m.find()) {
                        return m.group(1);
                    }
                }
            }
        }
        return property;
    }
}
