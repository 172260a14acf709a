package io.smsgateway.state;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Alone, this instance is the fleet: its verdicts are the shared ones, and it always polls. */
public class MemorySharedCircuits implements SharedCircuits {

    private final Map<String, Circuit> circuits = new ConcurrentHashMap<>();

    @Override
    public Optional<Circuit> circuit(String provider) {
        return Optional.ofNullable(circuits.get(provider));
    }

    @Override
    public void publish(String provider, Circuit circuit, long ttlMillis) {
        circuits.put(provider, circuit);
    }

    @Override
    public boolean takePollerTurn(String provider, String instance, long leaseMillis) {
        return true;
    }
}
