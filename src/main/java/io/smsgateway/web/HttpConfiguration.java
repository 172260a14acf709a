package io.smsgateway.web;

import java.time.Duration;
import java.util.List;

import io.vertx.core.Vertx;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

@Configuration(proxyBeanMethods = false)
class HttpConfiguration {

    /** The event loops the HTTP server and the providers' client share. */
    @Bean(destroyMethod = "close")
    Vertx vertx() {
        return Vertx.vertx();
    }

    /**
     * The engine of the routes' {@code platform-http} endpoints, found by this name: consumers that
     * hold no thread while their exchange waits, on the router {@link HttpEntry} serves.
     */
    @Bean("platform-http-engine")
    VertxPlatformHttpEngine platformHttpEngine() {
        VertxPlatformHttpEngine engine = new VertxPlatformHttpEngine() {
            @Override
            public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
                return new NonBlockingConsumer(endpoint, processor, getHandlers(),
                        VertxPlatformHttpRouter.PLATFORM_HTTP_ROUTER_NAME_ZERO);
            }
        };
        engine.setHandlers(List.of(HttpEntry.bodyArrived()));
        return engine;
    }

    @Bean
    HttpEntry httpEntry(Vertx vertx, HttpProperties properties, ConfigurableEnvironment environment,
                        @Value("${spring.lifecycle.timeout-per-shutdown-phase:10s}") Duration shutdownTimeout) {
        return new HttpEntry(vertx, properties, environment, shutdownTimeout.toMillis());
    }
}
