package io.smsgateway.state;

/**
 * The shared state (Redis) cannot be reached and SMS_STATE_FAILURE_MODE is {@code closed}: the
 * operation did not happen. What the caller answers is its own business.
 */
public class StateUnavailable extends RuntimeException {

    StateUnavailable(Throwable cause) {
        super("the shared state cannot be reached: " + cause.getClass().getSimpleName(), cause, false, false);
    }
}
