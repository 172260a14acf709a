package io.smsgateway.config;

import org.apache.camel.spi.PropertiesFunction;

/**
 * {@code {{ms:some.property}}} in a route: the property's duration in milliseconds, so route files
 * take timings in the original's grammar without holding any value themselves. Found by Camel
 * through {@code META-INF/services/org/apache/camel/properties-function/ms}.
 */
public class MsPropertiesFunction implements PropertiesFunction {

    @Override
    public String getName() {
        return "ms";
    }

    @Override
    public boolean lookupFirst(String remainder) {
        return true;
    }

    @Override
    public String apply(String value) {
        return Long.toString(MsDuration.parseMillis(value.trim()));
    }
}
