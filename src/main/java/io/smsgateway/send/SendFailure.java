package io.smsgateway.send;

/**
 * A send that ends with an error answer. {@code reason} is a fixed word for metrics and logs; the
 * message is what the caller reads.
 */
public class SendFailure extends RuntimeException {

    /** Exchange property naming the reason of a failed send, for the entry that started it. */
    public static final String REASON_PROPERTY = "smsFailureReason";

    private final int status;
    private final String reason;
    private final Long retryAfterSeconds;

    public SendFailure(int status, String reason, String message, Long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static SendFailure invalid(String message) {
        return new SendFailure(400, "validation", message, null);
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** Whole seconds the caller should wait before retrying, or null. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
