package io.smsgateway.delivery;

/**
 * A delivery status a provider reported, its signature or secret checked: the message's sid, the
 * provider's status word as it wrote it, and its error code when it gave one.
 */
public record StatusReport(String provider, String sid, String status, String errorCode) {
}
