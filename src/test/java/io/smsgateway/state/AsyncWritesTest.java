package io.smsgateway.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smsgateway.support.Brokers;
import io.smsgateway.support.Redis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/** Writes no send waits for (SharedRedis.callLater), against the real Redis and one that is not there. */
class AsyncWritesTest {

    private static final String SECRET = "async-test-secret-0123456789abcdef";

    private final StringRedisTemplate redis = Redis.template(6379);
    private final String prefix = Redis.prefix("async");

    @AfterEach
    void removeOwnKeys() {
        Redis.removeKeys(redis, prefix);
    }

    @Test
    void aWriteNotWaitedForIsReadByTheSameInstanceRightAfter() {
        SharedRedis shared = shared(redis, new SimpleMeterRegistry());
        RedisScript<Long> set = RedisScript.of("redis.call('SET', KEYS[1], ARGV[1], 'PX', 60000) return 1", Long.class);
        AtomicInteger otherwise = new AtomicInteger();

        for (int i = 0; i < 100; i++) {
            shared.callLater(set, List.of(prefix + "k"), List.of("v" + i), otherwise::incrementAndGet);
            // the same connection: Redis answers the read after the write, no waiting
            assertThat(redis.opsForValue().get(prefix + "k")).isEqualTo("v" + i);
        }
        assertThat(otherwise).hasValue(0);
    }

    @Test
    void aScriptRedisDoesNotKnowYetIsSentWhole() {
        SharedRedis shared = shared(redis, new SimpleMeterRegistry());
        // a script no one loaded: EVALSHA answers NOSCRIPT, then EVAL runs it
        RedisScript<Long> fresh = RedisScript.of("-- " + UUID.randomUUID() + "\nredis.call('SET', KEYS[1], '1', 'PX', 60000) return 1",
                Long.class);
        AtomicInteger otherwise = new AtomicInteger();

        shared.callLater(fresh, List.of(prefix + "fresh"), List.of(), otherwise::incrementAndGet);

        await().atMost(Duration.ofSeconds(2)).until(() -> "1".equals(redis.opsForValue().get(prefix + "fresh")));
        assertThat(otherwise).hasValue(0);
    }

    @Test
    void aWriteThatFailsGoesToMemoryCountedWhateverTheMode() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SharedRedis shared = shared(Redis.template(Brokers.freePort()), meters);
        AtomicInteger otherwise = new AtomicInteger();

        shared.callLater(RedisScript.of("return 1", Long.class), List.of(prefix + "k"), List.of(), otherwise::incrementAndGet);

        await().atMost(Duration.ofSeconds(10)).until(() -> otherwise.get() == 1);
        assertThat(meters.counter("sms.state.failures").count()).isEqualTo(1);
        assertThat(meters.counter("sms.state.fallbacks").count()).isEqualTo(1);
    }

    private SharedRedis shared(StringRedisTemplate template, SimpleMeterRegistry meters) {
        return new SharedRedis(template, prefix, SECRET, StateProperties.FailureMode.CLOSED, meters);
    }
}
