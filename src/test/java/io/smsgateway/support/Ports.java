package io.smsgateway.support;

import org.springframework.context.ConfigurableApplicationContext;

/** Where a service started by a test listens: the free port its HTTP server took. */
public final class Ports {

    private Ports() {
    }

    public static int of(ConfigurableApplicationContext service) {
        return service.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }
}
