package io.smsgateway.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The fleet's balance verdicts and poller leases, one expiring key each per provider. They are never
 * a reason to refuse a send: while Redis is away each instance keeps its own verdict and polls for
 * itself rather than no one polling.
 */
class RedisSharedCircuits implements SharedCircuits {

    private static final RedisScript<Long> PUBLISH = LuaScripts.of("publish-circuit.lua", Long.class);
    private static final RedisScript<Long> POLLER = LuaScripts.of("take-poller-turn.lua", Long.class);

    private final SharedRedis redis;
    private final SharedCircuits local;

    RedisSharedCircuits(SharedRedis redis, SharedCircuits local) {
        this.redis = redis;
        this.local = local;
    }

    @Override
    public Optional<Circuit> circuit(String provider) {
        return redis.callOrElse(() -> read(provider), () -> local.circuit(provider));
    }

    @Override
    public void publish(String provider, Circuit circuit, long ttlMillis) {
        local.publish(provider, circuit, ttlMillis);
        redis.callOrElse(() -> redis.template().execute(PUBLISH, List.of(redis.key("circuit:" + provider)), circuit.open() ? "1" : "0",
                circuit.reason() == null ? "" : circuit.reason(), Long.toString(ttlMillis)), () -> null);
    }

    @Override
    public boolean takePollerTurn(String provider, String instance, long leaseMillis) {
        return redis.callOrElse(() -> {
            Long turn = redis.template().execute(POLLER, List.of(redis.key("balance:poller:" + provider)), instance, Long.toString(leaseMillis));
            return turn != null && turn == 1;
        }, () -> true);
    }

    private Optional<Circuit> read(String provider) {
        Map<Object, Object> fields = redis.template().opsForHash().entries(redis.key("circuit:" + provider));
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Object reason = fields.get("reason");
        return Optional.of(new Circuit("1".equals(fields.get("open")),
                reason == null || reason.toString().isEmpty() ? null : reason.toString()));
    }
}
