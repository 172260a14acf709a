package io.smsgateway.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smsgateway.state.IdempotencyKeys.Outcome;
import io.smsgateway.support.Redis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Idempotency-Keys in the real Redis: the contract, atomic claims, hashed keys with a TTL. */
class RedisIdempotencyKeysTest extends IdempotencyKeysContract {

    private final StringRedisTemplate redis = Redis.template(6379);
    private final String prefix = Redis.prefix("idempotency-keys");

    @Override
    IdempotencyKeys newKeys() {
        SharedRedis shared = new SharedRedis(redis, prefix, "idempotency-test-secret-0123456789", StateProperties.FailureMode.CLOSED,
                new SimpleMeterRegistry());
        return new RedisIdempotencyKeys(shared, new MemoryIdempotencyKeys(10));
    }

    @AfterEach
    void removeOwnKeys() {
        Redis.removeKeys(redis, prefix);
    }

    @Test
    void letsOneOfFiftyConcurrentClaimsThrough() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(50);
        try {
            List<Callable<Outcome>> claims = IntStream.range(0, 50)
                    .mapToObj(i -> (Callable<Outcome>) () -> keys.claim("http\nat-once", "digest", DAY).outcome()).toList();
            List<Outcome> outcomes = callers.invokeAll(claims).stream().map(RedisIdempotencyKeysTest::get).toList();

            assertThat(outcomes).filteredOn(outcome -> outcome == Outcome.CLAIMED).hasSize(1);
            assertThat(outcomes).filteredOn(outcome -> outcome == Outcome.IN_FLIGHT).hasSize(49);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void keysTheHashOfTheKeyWithTheTtlOfItsClaim() {
        keys.claim("http\n+15558675310-order", "digest", DAY);

        Set<String> names = Redis.keys(redis, prefix);
        assertThat(names).singleElement().satisfies(name -> {
            assertThat(name).startsWith(prefix + "idempotency:").doesNotContain("order").doesNotContain("5558675310");
            assertThat(redis.getExpire(name)).isBetween(DAY.toSeconds() - 5, DAY.toSeconds());
            assertThat(redis.<String, String>opsForHash().get(name, "d")).isNotEqualTo("digest");
        });
    }

    private static Outcome get(Future<Outcome> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
