package io.smsgateway.web;

import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;

/**
 * The Spring Boot platform-http engine, but with consumers that release the servlet thread while an
 * exchange waits (see {@link NonBlockingPlatformHttpConsumer}).
 */
class NonBlockingPlatformHttpEngine extends SpringBootPlatformHttpEngine {

    private final long timeoutMillis;

    NonBlockingPlatformHttpEngine(int port, long timeoutMillis) {
        super(port);
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        return new NonBlockingPlatformHttpConsumer(endpoint, processor, timeoutMillis);
    }
}
