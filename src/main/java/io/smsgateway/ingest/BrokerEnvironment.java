package io.smsgateway.ingest;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * SMS_BROKER_URL switches from the embedded broker to an external one: Spring Boot's Artemis
 * support then connects natively and starts no broker.
 */
class BrokerEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String url = environment.getProperty("SMS_BROKER_URL");
        if (url == null || url.isBlank()) {
            return;
        }
        Map<String, Object> external = new HashMap<>();
        external.put("spring.artemis.mode", "native");
        external.put("spring.artemis.embedded.enabled", "false");
        external.put("spring.artemis.broker-url", url.trim());
        external.put("spring.artemis.user", environment.getProperty("SMS_BROKER_USER", ""));
        external.put("spring.artemis.password", environment.getProperty("SMS_BROKER_PASSWORD", ""));
        environment.getPropertySources().addLast(new MapPropertySource("externalBroker", external));
    }
}
