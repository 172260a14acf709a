package io.smsgateway.state;

import java.util.Optional;

/**
 * What a fleet shares about each provider's balance: the circuit verdict last published, and the
 * lease that lets one instance at a time poll the balance. In memory, this instance is the fleet.
 */
public interface SharedCircuits {

    /** The circuit of {@code provider} last published, if any has not expired. */
    Optional<Circuit> circuit(String provider);

    void publish(String provider, Circuit circuit, long ttlMillis);

    /**
     * Whether {@code instance} polls {@code provider}'s balance now: one poller at a time for all
     * instances sharing the state, holding a lease of {@code leaseMillis} it renews while it polls.
     */
    boolean takePollerTurn(String provider, String instance, long leaseMillis);

    /**
     * @param open   sends are blocked
     * @param reason why, for the refusal's message and logs
     */
    record Circuit(boolean open, String reason) {
    }
}
