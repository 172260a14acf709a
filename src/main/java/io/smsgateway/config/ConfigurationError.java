package io.smsgateway.config;

/**
 * A configuration value that is missing or invalid. Start-up stops with one line that names the
 * environment variable an operator sets and what it expects.
 */
public class ConfigurationError extends RuntimeException {

    private final String variable;
    private final String expectation;

    public ConfigurationError(String variable, String expectation) {
        super(variable == null ? expectation : variable + " " + expectation);
        this.variable = variable;
        this.expectation = expectation;
    }

    /**
     * A value refused while it was bound to a property, before anyone knew which variable held it:
     * {@link PropertyBindingErrorAnalyzer} names the variable.
     */
    static ConfigurationError unnamed(String expectation) {
        return new ConfigurationError(null, expectation);
    }

    /** The environment variable to set; null when the binding that refused the value has to name it. */
    public String variable() {
        return variable;
    }

    /** What is wrong, phrased to follow the variable's name. */
    String expectation() {
        return expectation;
    }

    /** Fails with "VARIABLE is required ..." when the value is null or blank. */
    public static String require(String value, String variable, String meaning) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationError(variable, "is required: " + meaning);
        }
        return value.trim();
    }
}
