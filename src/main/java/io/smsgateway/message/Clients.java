package io.smsgateway.message;

/** Who sent a request, where the service tells clients apart. */
public final class Clients {

    /**
     * The exchange property naming the client of an HTTP send: the SHA-256 of the API key it
     * presented (hex), set when SMS_API_KEYS are configured. A digest, not the key nor its position
     * in SMS_API_KEYS, so that it stays the client's while keys are added or removed around it.
     */
    public static final String PROPERTY = "smsClient";

    private Clients() {
    }
}
