package io.smsgateway.state;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The fleet's Idempotency-Keys in Redis, so that a repeat through another instance is answered as
 * through the first: one hash per key, named by the keyed hash of the scoped key (never the
 * client's key as written), holding the keyed hash of the body's digest, the claim's token while in
 * flight, then the answer; claimed and settled by Lua scripts, expiring its TTL after the claim.
 * <p>
 * A claim follows SMS_STATE_FAILURE_MODE: refused (503) while Redis is away in {@code closed}, this
 * instance's memory in {@code local}. A claim that cannot be settled because Redis went away stays in
 * flight until it expires: repeats are answered 409, never sent again.
 */
class RedisIdempotencyKeys implements IdempotencyKeys {

    private static final Logger LOG = LoggerFactory.getLogger(RedisIdempotencyKeys.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> CLAIM = LuaScripts.of("idempotency-claim.lua", List.class);
    private static final RedisScript<Long> SETTLE = LuaScripts.of("idempotency-settle.lua", Long.class);

    private final SharedRedis redis;
    private final IdempotencyKeys local;

    RedisIdempotencyKeys(SharedRedis redis, IdempotencyKeys local) {
        this.redis = redis;
        this.local = local;
    }

    @Override
    public Claim claim(String key, String digest, Duration ttl) {
        String token = UUID.randomUUID().toString();
        return redis.call(() -> {
            List<?> answer = redis.template().execute(CLAIM, List.of(redis.numberKey("idempotency", key)),
                    redis.hashOf(digest), token, Long.toString(Math.max(1, ttl.toMillis())));
            return switch (answer.get(0).toString()) {
                case "claimed" -> Claim.claimed(token);
                case "mismatch" -> Claim.of(Outcome.MISMATCH);
                case "in-flight" -> Claim.of(Outcome.IN_FLIGHT);
                default -> Claim.replay(answer.get(1).toString());
            };
        }, () -> local.claim(key, digest, ttl));
    }

    @Override
    public void complete(String key, String token, String answer) {
        settle(key, token, answer);
    }

    @Override
    public void release(String key, String token) {
        settle(key, token, "");
    }

    // never a reason to change the answer: a claim left in flight only holds its key until it expires
    private void settle(String key, String token, String answer) {
        redis.callOrElse(() -> redis.template().execute(SETTLE, List.of(redis.numberKey("idempotency", key)), token, answer), () -> {
            if (answer.isEmpty()) {
                local.release(key, token);
            } else {
                local.complete(key, token, answer);
            }
            LOG.warn("an Idempotency-Key could not be settled in Redis: a claim made there stays in flight until it expires");
            return 0L;
        });
    }
}
