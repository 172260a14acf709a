package io.smsgateway.delivery;

import java.time.Instant;

/**
 * One status change to forward to the client's statusCallback: what the POST says (no receiver, no
 * text) and where it goes. Set as an exchange property by {@link DeliveryStatuses} when the message
 * has a statusCallback; routes/status-forward.camel.yaml hands it to {@link StatusForwarding}.
 */
public record StatusForward(String url, String sid, String status, String errorCode, Instant at, String provider) {

    /** Exchange property holding the change to forward. */
    public static final String PROPERTY = "smsStatusForward";

    @Override
    public String toString() {
        return "StatusForward[to " + CallbackTargets.loggable(url) + ", sid=" + sid + ", status=" + status + "]";
    }
}
