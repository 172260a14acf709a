package io.smsgateway.config;

import org.apache.camel.spi.PropertiesFunction;

/**
 * {@code {{seconds:some.property}}} in a route: the property's duration in whole seconds, rounded
 * up, for the options Camel takes in seconds (Resilience4j's wait in the open state). Found by
 * Camel through {@code META-INF/services/org/apache/camel/properties-function/seconds}.
 */
public class SecondsPropertiesFunction implements PropertiesFunction {

    @Override
    public String getName() {
        return "seconds";
    }

    @Override
    public boolean lookupFirst(String remainder) {
        return true;
    }

    @Override
    public String apply(String value) {
        return Long.toString((MsDuration.parseMillis(value.trim()) + 999) / 1000);
    }
}
