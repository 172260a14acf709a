package io.smsgateway.provider;

/**
 * A provider's health circuit is open: the call was not made, so the message certainly went
 * nowhere — the send may fail over at once.
 */
public class ProviderCircuitOpen extends RuntimeException {

    public ProviderCircuitOpen(String provider) {
        super(provider + "'s health circuit is open: no call made", null, false, false);
    }
}
