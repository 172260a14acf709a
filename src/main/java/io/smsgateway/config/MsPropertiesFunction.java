package io.smsgateway.config;

/** {@code {{ms:some.property}}}: the property's duration in milliseconds. */
public class MsPropertiesFunction extends DurationPropertiesFunction {

    public MsPropertiesFunction() {
        super("ms", 1);
    }
}
