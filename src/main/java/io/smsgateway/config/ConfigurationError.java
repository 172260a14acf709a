package io.smsgateway.config;

/**
 * A configuration value that is missing or invalid. Start-up stops with one line that names the
 * environment variable an operator sets and what it expects.
 */
public class ConfigurationError extends RuntimeException {

    private final String variable;

    public ConfigurationError(String variable, String expectation) {
        super(variable + " " + expectation);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }

    /** Fails with "VARIABLE is required ..." when the value is null or blank. */
    public static String require(String value, String variable, String meaning) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationError(variable, "is required: " + meaning);
        }
        return value.trim();
    }

    /** Parses a duration of the ms grammar, failing with the variable's name. */
    public static long durationMillis(String value, String variable) {
        try {
            return MsDuration.parseMillis(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationError(variable, "is invalid: " + e.getMessage());
        }
    }
}
