package io.smsgateway.protection.delay;

import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On SIGTERM, before the web server's graceful shutdown waits for open requests (and before Camel
 * stops its consumers): sends held by the delay are answered 503 at once, so neither an HTTP caller
 * nor a queued message waits out SHUTDOWN_TIMEOUT; a queued one is rolled back to its broker.
 */
@Component
class ShutdownGate implements SmartLifecycle {

    private final ExponentialDelay delay;
    private volatile boolean running;

    ShutdownGate(ExponentialDelay delay) {
        this.delay = delay;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        delay.releaseAllRefusing();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops first: phases stop from the highest down. */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 512;
    }
}
