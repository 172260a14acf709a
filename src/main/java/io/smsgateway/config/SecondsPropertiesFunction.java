package io.smsgateway.config;

/** {@code {{seconds:some.property}}}: in whole seconds, for the options Camel takes so (Resilience4j's wait when open). */
public class SecondsPropertiesFunction extends DurationPropertiesFunction {

    public SecondsPropertiesFunction() {
        super("seconds", 1000);
    }
}
