package io.smsgateway.message;

/**
 * A send that ends with an error answer, whichever entry it came by. {@code status} is the HTTP
 * status the API answers (file and JMS ingestion read it too); {@code reason} is a fixed word for
 * metrics, logs and the steps that react to it; the message is what the caller reads.
 */
public class SendFailure extends RuntimeException {

    /** The failure a send is being answered with, once the error handling has named it. */
    public static final String PROPERTY = "smsFailure";

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

    /** The same answer for another reason, e.g. a provider's refusal the pipeline reacts to. */
    public SendFailure because(String otherReason) {
        return new SendFailure(status, otherReason, getMessage(), retryAfterSeconds);
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
