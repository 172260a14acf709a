package io.smsgateway.config;

import org.apache.camel.spi.PropertiesFunction;

/**
 * {@code {{<unit>:some.property}}} in a route: the property's duration in the unit a Camel option
 * takes, rounded up, so route files take timings in the original's grammar without holding any
 * value themselves. Each unit is found by Camel through
 * {@code META-INF/services/org/apache/camel/properties-function/<unit>}.
 */
abstract class DurationPropertiesFunction implements PropertiesFunction {

    private final String name;
    private final long unitMillis;

    DurationPropertiesFunction(String name, long unitMillis) {
        this.name = name;
        this.unitMillis = unitMillis;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean lookupFirst(String remainder) {
        return true;
    }

    @Override
    public String apply(String value) {
        return Long.toString((MsDuration.parseMillis(value.trim()) + unitMillis - 1) / unitMillis);
    }
}
