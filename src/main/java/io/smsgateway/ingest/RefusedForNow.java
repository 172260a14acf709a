package io.smsgateway.ingest;

/** A queued message refused for now: the transaction rolls back and the broker redelivers it later. */
public class RefusedForNow extends RuntimeException {

    public RefusedForNow(String message) {
        super(message, null, false, false);
    }
}
