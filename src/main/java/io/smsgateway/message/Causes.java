package io.smsgateway.message;

import org.apache.camel.RuntimeCamelException;

/** What a route's failure really is, once Camel's wrapping is taken off. */
public final class Causes {

    private Causes() {
    }

    /**
     * The exception a step threw: the circuit breaker EIP, among others, wraps a checked one (an
     * {@code IOException}, a {@code TimeoutException}) in a {@link RuntimeCamelException}.
     */
    public static Exception unwrapped(Exception caught) {
        Exception exception = caught;
        while (exception instanceof RuntimeCamelException && exception.getCause() instanceof Exception cause) {
            exception = cause;
        }
        return exception;
    }
}
