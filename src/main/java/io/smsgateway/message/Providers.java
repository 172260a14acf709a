package io.smsgateway.message;

/** The providers a message can go through, and the exchange property naming the one chosen for it. */
public final class Providers {

    public static final String TWILIO = "twilio";
    public static final String KALEYRA = "kaleyra";
    /** Logs the message instead of sending it. */
    public static final String CONSOLE = "console";

    /** Set by the route that chooses (send-pipeline) or serves (balance-timer) a provider. */
    public static final String PROPERTY = "smsProvider";

    /**
     * Set by the send's failover (send/Failover) to the provider that did not accept the message when
     * the secondary one took it over; absent when the send did not fail over.
     */
    public static final String FAILED_OVER_FROM = "smsFailedOverFrom";

    private Providers() {
    }
}
