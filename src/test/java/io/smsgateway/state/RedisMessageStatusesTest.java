package io.smsgateway.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smsgateway.state.MessageStatuses.Change;
import io.smsgateway.state.MessageStatuses.Origin;
import io.smsgateway.support.Brokers;
import io.smsgateway.support.Redis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Message statuses in the real Redis: the contract, shared, expiring after SMS_STATUS_TTL, no sid nor number in a key. */
class RedisMessageStatusesTest extends MessageStatusesContract {

    private static final String SECRET = "status-test-secret-0123456789abcdef";
    private static final long TTL = Duration.ofHours(2).toMillis();

    private final StringRedisTemplate redis = Redis.template(6379);
    private final String prefix = Redis.prefix("status");

    @Override
    MessageStatuses newStatuses() {
        return statuses(redis, StateProperties.FailureMode.CLOSED);
    }

    @AfterEach
    void removeOwnKeys() {
        Redis.removeKeys(redis, prefix);
    }

    @Test
    void expiresBothKeysTheTtlAfterTheLastChangeAndHoldsNoSidOrNumberInAKey() {
        statuses.record(SID, SENT, new Change("queued", null, T0));

        Set<String> keys = Redis.keys(redis, prefix);
        assertThat(keys).extracting(key -> key.substring(prefix.length()).replaceFirst(":[A-Za-z0-9_-]{43}", ":<hash>"))
                .containsExactlyInAnyOrder("status:<hash>", "status:<hash>:history");
        assertThat(keys).allSatisfy(key -> {
            assertThat(key).doesNotContain(SID).doesNotContain("+44");
            assertThat(redis.getExpire(key)).as("ttl of %s", key).isBetween(TTL / 1000 - 5, TTL / 1000);
        });
        assertThat(redis.opsForHash().values(keys.iterator().next().replace(":history", "")))
                .as("the receiver only masked").contains(SENT.receiver());
    }

    @Test
    void indexesTheRequestIdUnderItsKeyedHashWithTheMessagesTtl() {
        statuses.record(SID, new Origin("twilio", "GB", "+44*******123", null, "req-secret-42", "kaleyra"),
                new Change("queued", null, T0));

        Set<String> keys = Redis.keys(redis, prefix);
        assertThat(keys).extracting(key -> key.substring(prefix.length()).replaceFirst(":[A-Za-z0-9_-]{43}", ":<hash>"))
                .containsExactlyInAnyOrder("status:<hash>", "status:<hash>:history", "status:request:<hash>");
        assertThat(keys).allSatisfy(key -> {
            assertThat(key).doesNotContain(SID).doesNotContain("req-secret-42").doesNotContain("+44");
            assertThat(redis.getExpire(key)).as("ttl of %s", key).isBetween(TTL / 1000 - 5, TTL / 1000);
        });
        String index = keys.stream().filter(key -> key.contains(":request:")).findFirst().orElseThrow();
        assertThat(redis.opsForValue().get(index)).isEqualTo(SID);

        // a callback's change keeps the index as long as the message
        redis.expire(index, Duration.ofSeconds(60));
        statuses.record(SID, new Origin("twilio", null, null), new Change("delivered", null, T0.plusSeconds(1)));
        assertThat(redis.getExpire(index)).isBetween(TTL / 1000 - 5, TTL / 1000);
    }

    @Test
    void anotherInstanceReadsWhatOneRecorded() {
        statuses.record(SID, SENT, new Change("queued", null, T0));

        MessageStatuses other = statuses(Redis.template(6379), StateProperties.FailureMode.CLOSED);
        other.record(SID, new Origin("twilio", null, null), new Change("delivered", null, T0.plusSeconds(3)));

        assertThat(statuses.find(SID).orElseThrow().history()).extracting(Change::status).containsExactly("queued", "delivered");
    }

    @Test
    void anotherInstanceReadsTheSendsRecordOnceItsWriteCompleted() {
        statuses.recordSent(SID, SENT, new Change("queued", null, T0)).toCompletableFuture().join();

        MessageStatuses other = statuses(Redis.template(6379), StateProperties.FailureMode.CLOSED);
        assertThat(other.find(SID).orElseThrow().origin()).isEqualTo(SENT);
    }

    @Test
    void recordsInMemoryWhileRedisIsAwayAndReadsByTheFailureMode() {
        StringRedisTemplate nobody = Redis.template(Brokers.freePort());
        MessageStatuses closed = statuses(nobody, StateProperties.FailureMode.CLOSED);
        MessageStatuses local = statuses(nobody, StateProperties.FailureMode.LOCAL);

        // the message went out already: recorded somewhere, never refused
        assertThat(closed.record(SID, SENT, new Change("queued", null, T0))).isEqualTo(SENT);
        local.record(SID, SENT, new Change("queued", null, T0));

        assertThatThrownBy(() -> closed.find(SID)).isInstanceOf(StateUnavailable.class);
        assertThat(local.find(SID)).isPresent();

        // a send's record started without waiting goes to memory once Redis fails it, then completes
        String other = "SMffffffffffffffffffffffffffffffff";
        local.recordSent(other, SENT, new Change("queued", null, T0)).toCompletableFuture().join();
        assertThat(local.find(other)).isPresent();
    }

    private MessageStatuses statuses(StringRedisTemplate connection, StateProperties.FailureMode mode) {
        return new RedisMessageStatuses(new SharedRedis(connection, prefix, SECRET, mode, new SimpleMeterRegistry()),
                new MemoryMessageStatuses(1000, TTL, System::currentTimeMillis), TTL);
    }
}
