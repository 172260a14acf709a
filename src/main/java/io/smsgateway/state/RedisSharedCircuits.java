package io.smsgateway.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/** The fleet's balance verdicts and poller leases, one expiring key each per provider. */
class RedisSharedCircuits implements SharedCircuits {

    private static final RedisScript<Long> PUBLISH = RedisScript.of(new ClassPathResource("redis/publish-circuit.lua"), Long.class);
    private static final RedisScript<Long> POLLER = RedisScript.of(new ClassPathResource("redis/take-poller-turn.lua"), Long.class);

    private final StringRedisTemplate redis;
    private final String prefix;

    RedisSharedCircuits(StringRedisTemplate redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    @Override
    public Optional<Circuit> circuit(String provider) {
        Map<Object, Object> fields = redis.opsForHash().entries(prefix + "circuit:" + provider);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Object reason = fields.get("reason");
        return Optional.of(new Circuit("1".equals(fields.get("open")),
                reason == null || reason.toString().isEmpty() ? null : reason.toString()));
    }

    @Override
    public void publish(String provider, Circuit circuit, long ttlMillis) {
        redis.execute(PUBLISH, List.of(prefix + "circuit:" + provider), circuit.open() ? "1" : "0",
                circuit.reason() == null ? "" : circuit.reason(), Long.toString(ttlMillis));
    }

    @Override
    public boolean takePollerTurn(String provider, String instance, long leaseMillis) {
        Long turn = redis.execute(POLLER, List.of(prefix + "balance:poller:" + provider), instance, Long.toString(leaseMillis));
        return turn != null && turn == 1;
    }
}
