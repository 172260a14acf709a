package io.smsgateway.config;

import java.time.Clock;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ConfigurationConversion {

    /** Static: binding needs it before any other bean of this configuration exists. */
    @Bean
    @ConfigurationPropertiesBinding
    static MsDurationConverter msDurationConverter() {
        return new MsDurationConverter();
    }

    /** The time every protection reads; tests give their own. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
