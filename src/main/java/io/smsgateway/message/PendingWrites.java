package io.smsgateway.message;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The writes of an accepted send that its steps start without waiting for each (the fraud shield
 * remembering it, its first status): they go out one after the other and are awaited together
 * before the answer, one round trip for all, so whatever reads them once the client has its answer,
 * through any instance, finds them.
 */
@Component("pendingWrites")
public class PendingWrites {

    private static final String PROPERTY = "smsPendingWrites";
    private static final Logger LOG = LoggerFactory.getLogger(PendingWrites.class);

    /** A write the send's answer waits for, started now. */
    @SuppressWarnings("unchecked")
    public static void add(Exchange exchange, CompletionStage<?> write) {
        List<CompletionStage<?>> writes = exchange.getProperty(PROPERTY, List.class);
        if (writes == null) {
            writes = new ArrayList<>(2);
            exchange.setProperty(PROPERTY, writes);
        }
        writes.add(write);
    }

    /** The send-pipeline's step before the answer. A failed write is the store's to report, never the send's. */
    @SuppressWarnings("unchecked")
    public void await(Exchange exchange) {
        List<CompletionStage<?>> writes = exchange.getProperty(PROPERTY, List.class);
        if (writes == null) {
            return;
        }
        exchange.removeProperty(PROPERTY);
        for (CompletionStage<?> write : writes) {
            try {
                write.toCompletableFuture().join();
            } catch (CompletionException e) {
                LOG.warn("a write of an accepted send failed: {}", e.getCause() == null ? e.toString() : e.getCause().toString());
            }
        }
    }
}
