package io.smsgateway.state;

import java.util.Optional;

/**
 * The fleet's verdicts in Redis. They are never a reason to refuse a send: without Redis each
 * instance keeps its own verdict and polls for itself rather than no one polling.
 */
class FailoverSharedCircuits implements SharedCircuits {

    private final SharedCircuits redis;
    private final SharedCircuits memory;
    private final RedisOutage outage;

    FailoverSharedCircuits(SharedCircuits redis, SharedCircuits memory, RedisOutage outage) {
        this.redis = redis;
        this.memory = memory;
        this.outage = outage;
    }

    @Override
    public Optional<Circuit> circuit(String provider) {
        return outage.callOrElse(() -> redis.circuit(provider), () -> memory.circuit(provider));
    }

    @Override
    public void publish(String provider, Circuit circuit, long ttlMillis) {
        memory.publish(provider, circuit, ttlMillis);
        outage.callOrElse(() -> {
            redis.publish(provider, circuit, ttlMillis);
            return null;
        }, () -> null);
    }

    @Override
    public boolean takePollerTurn(String provider, String instance, long leaseMillis) {
        return outage.callOrElse(() -> redis.takePollerTurn(provider, instance, leaseMillis), () -> true);
    }
}
