package io.smsgateway.ingest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * The embedded broker, started on a thread of its own while the rest of the service starts: it took
 * about a tenth of the start-up on the main thread (bench/RESULTS.md, "Where start-up time goes").
 * Nothing reaches it before Camel starts, and Camel starts only once it is up ({@link #awaitStarted}),
 * so the queue's consumers, the health "jms" and readiness see it as before.
 */
final class BackgroundBroker extends EmbeddedActiveMQ {

    private volatile CompletableFuture<Void> started = CompletableFuture.completedFuture(null);

    @Override
    public EmbeddedActiveMQ start() {
        CompletableFuture<Void> starting = new CompletableFuture<>();
        started = starting;
        Thread thread = new Thread(() -> {
            try {
                super.start();
                starting.complete(null);
            } catch (Throwable e) {
                starting.completeExceptionally(e);
            }
        }, "broker-start");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Waits for the broker to be up; a broker that failed to start fails the service's start. */
    void awaitStarted() {
        try {
            started.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("the embedded broker did not start: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Stops the broker once its start has ended, whichever way. */
    @Override
    public EmbeddedActiveMQ stop() throws Exception {
        started.exceptionally(e -> null).join();
        return super.stop();
    }
}
