package io.smsgateway.provider;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClientOptions;
import org.apache.camel.component.vertx.http.VertxHttpComponent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code vertx-http} component the provider routes call: a non-blocking client, so thousands of
 * sends can wait on a slow provider without a thread each.
 */
@Configuration(proxyBeanMethods = false)
class ProviderHttpConfiguration {

    @Bean("vertx-http")
    VertxHttpComponent vertxHttpComponent(Vertx vertx, ProviderProperties provider) {
        VertxHttpComponent component = new VertxHttpComponent();
        component.setVertx(vertx);
        component.setWebClientOptions(new WebClientOptions()
                .setUserAgent("sms-gateway")
                .setKeepAlive(true)
                .setMaxPoolSize(provider.maxConnections())
                .setConnectTimeout(Math.toIntExact(provider.connectTimeout().toMillis())));
        return component;
    }
}
