package io.smsgateway.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** Replaces the binding stack trace with the single line the operator needs. */
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConfigurationErrorAnalyzer extends AbstractFailureAnalyzer<ConfigurationError> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationError cause) {
        if (cause.variable() == null) {
            return null; // refused while bound: the binding analyzer knows the variable
        }
        return new FailureAnalysis("Invalid configuration: " + cause.getMessage(),
                "Set " + cause.variable() + " in the environment (see the configuration table in README.md).", cause);
    }
}
