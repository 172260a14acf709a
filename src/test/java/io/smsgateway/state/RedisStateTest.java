package io.smsgateway.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smsgateway.state.DelaySchedules.DelayPolicy;
import io.smsgateway.state.DelaySchedules.DelayReservation;
import io.smsgateway.state.RateLog.RatePermit;
import io.smsgateway.state.SharedCircuits.Circuit;
import io.smsgateway.support.Redis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The Lua scripts against the real Redis: same semantics as memory, by Redis's clock, every key expiring. */
class RedisStateTest {

    private static final long IN_FLIGHT = 60_000;
    private static final String SECRET = "state-test-secret-0123456789abcdef";

    private final StringRedisTemplate redis = Redis.template(6379);
    private final String prefix = Redis.prefix("state");
    private final SharedRedis shared = new SharedRedis(redis, prefix, SECRET, StateProperties.FailureMode.CLOSED, new SimpleMeterRegistry());
    private final RedisRateLog log = new RedisRateLog(shared, new MemoryRateLog(System::currentTimeMillis));
    private final RedisDelaySchedules schedules = new RedisDelaySchedules(shared, new MemoryDelaySchedules(10, System::currentTimeMillis));
    private final RedisSharedCircuits circuits = new RedisSharedCircuits(shared, new MemorySharedCircuits());

    @AfterEach
    void removeOwnKeys() {
        Redis.removeKeys(redis, prefix);
    }

    @Test
    void reservesReleasesAt0Then1Then2Then4SecondsApartAndRefusesWithoutReserving() {
        DelayPolicy policy = new DelayPolicy(1000, 10_000, 120_000);

        List<DelayReservation> reservations = IntStream.range(0, 6)
                .mapToObj(i -> schedules.reserve("+393331234567", policy)).toList();

        // each wait is counted from its own call, a few ms after the first
        assertWait(reservations.get(0), true, 0);
        assertWait(reservations.get(1), true, 1000);
        assertWait(reservations.get(2), true, 3000);
        assertWait(reservations.get(3), true, 7000);
        assertWait(reservations.get(4), false, 15_000);
        assertWait(reservations.get(5), false, 15_000);
    }

    @Test
    void restartsAScheduleAfterMoreThanTheResetWindowOfQuiet() {
        DelayPolicy policy = new DelayPolicy(100, 10_000, 300);
        schedules.reserve("+15558675310", policy);
        assertWait(schedules.reserve("+15558675310", policy), true, 100);

        // the schedule expires once the reset window has passed after its last release, by Redis's clock
        String schedule = shared.numberKey("delay", "+15558675310");
        assertThat(redis.hasKey(schedule)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> !redis.hasKey(schedule));

        assertWait(schedules.reserve("+15558675310", policy), true, 0);
        assertWait(schedules.reserve("+15558675310", policy), true, 100);
    }

    @Test
    void grantsExactlyTheBudgetToManyConcurrentCallers() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(64);
        try {
            List<Callable<RatePermit>> spends = IntStream.range(0, 500)
                    .mapToObj(i -> (Callable<RatePermit>) () -> log.spend(50, 60_000, IN_FLIGHT)).toList();
            long granted = 0;
            for (Future<RatePermit> permit : callers.invokeAll(spends)) {
                granted += permit.get().granted() ? 1 : 0;
            }

            assertThat(granted).isEqualTo(50);
            RatePermit status = log.status(50, 60_000);
            assertThat(status.remaining()).isZero();
            assertThat(status.resetMillis()).as("all at the provider: a whole window").isEqualTo(60_000);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void returnsAPermitOneWindowAfterItWasSettled() {
        RatePermit first = log.spend(2, 300, IN_FLIGHT);
        RatePermit second = log.spend(2, 300, IN_FLIGHT);
        assertThat(List.of(first.granted(), second.granted())).containsExactly(true, true);
        assertThat(first.ticket()).isNotEqualTo(second.ticket());
        assertThat(log.spend(2, 300, IN_FLIGHT).granted()).isFalse();

        // at the provider for three windows and more: both still count
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(2))
                .until(() -> log.status(2, 300).remaining() == 0);

        log.settle(first.ticket());
        log.settle(second.ticket());
        assertThat(log.status(2, 300).remaining()).isZero();
        await().atMost(Duration.ofSeconds(2)).until(() -> log.status(2, 300).remaining() == 2);
        assertThat(log.spend(2, 300, IN_FLIGHT).granted()).isTrue();
    }

    @Test
    void returnsAPermitNeverSettledOneWindowAfterItsInFlightBound() {
        assertThat(log.spend(1, 300, 300).granted()).isTrue();

        await().atMost(Duration.ofSeconds(2)).until(() -> log.status(1, 300).remaining() == 1);
        log.settle("no-such-ticket");
        assertThat(Redis.keys(redis, prefix)).allSatisfy(key -> assertThat(redis.getExpire(key)).isPositive());
    }

    @Test
    void peeksAtAScheduleWithoutReservingOrCreatingAKey() {
        DelayPolicy policy = new DelayPolicy(1000, 10_000, 120_000);
        assertWait(schedules.peek("+393331234567", policy), true, 0);
        assertThat(Redis.keys(redis, prefix)).as("a look writes nothing").isEmpty();

        for (int i = 0; i < 4; i++) {
            schedules.reserve("+393331234567", policy);
        }
        assertWait(schedules.peek("+393331234567", policy), false, 15_000);
        assertWait(schedules.reserve("+393331234567", policy), false, 15_000);
    }

    @Test
    void letsOnePollerHoldTheLeaseUntilItLapses() {
        assertThat(circuits.takePollerTurn("twilio", "instance-a", 300)).isTrue();
        assertThat(circuits.takePollerTurn("twilio", "instance-b", 300)).isFalse();
        assertThat(circuits.takePollerTurn("twilio", "instance-a", 300)).as("the holder renews").isTrue();

        await().atMost(Duration.ofSeconds(2)).until(() -> circuits.takePollerTurn("twilio", "instance-b", 300));
        assertThat(circuits.takePollerTurn("twilio", "instance-a", 300)).isFalse();
    }

    @Test
    void sharesTheCircuitUntilItExpires() {
        assertThat(circuits.circuit("twilio")).isEmpty();

        circuits.publish("twilio", new Circuit(true, "exhausted"), 300);

        assertThat(circuits.circuit("twilio")).contains(new Circuit(true, "exhausted"));
        await().atMost(Duration.ofSeconds(2)).until(() -> circuits.circuit("twilio").isEmpty());
    }

    @Test
    void writesEveryKeyUnderItsPrefixWithAnExpiry() {
        log.spend(10, 60_000, IN_FLIGHT);
        schedules.reserve("+15558675310", new DelayPolicy(1000, 10_000, 120_000));
        circuits.publish("twilio", new Circuit(false, null), 45_000);
        circuits.takePollerTurn("twilio", "instance-a", 30_000);

        var keys = Redis.keys(redis, prefix);

        assertThat(keys).hasSize(5);
        assertThat(keys).allSatisfy(key -> assertThat(redis.getExpire(key)).as("ttl of %s", key).isPositive());
    }

    @Test
    void keysANumberByItsKeyedHashSharedByTheSameSecretOnly() {
        DelayPolicy policy = new DelayPolicy(1000, 10_000, 120_000);
        RedisDelaySchedules sameSecret = schedules(SECRET);
        RedisDelaySchedules otherSecret = schedules("another-secret-0123456789abcdef");

        schedules.reserve("+15035550001", policy);

        assertThat(Redis.keys(redis, prefix)).singleElement().satisfies(key ->
                assertThat(key.substring(prefix.length())).startsWith("delay:").doesNotContain("5035550001").doesNotContain("+1"));
        assertWait(sameSecret.peek("+15035550001", policy), true, 1000);
        assertWait(otherSecret.peek("+15035550001", policy), true, 0);
    }

    private RedisDelaySchedules schedules(String secret) {
        return new RedisDelaySchedules(new SharedRedis(redis, prefix, secret, StateProperties.FailureMode.CLOSED, new SimpleMeterRegistry()),
                new MemoryDelaySchedules(10, System::currentTimeMillis));
    }

    private static void assertWait(DelayReservation reservation, boolean granted, long waitMillis) {
        assertThat(reservation.granted()).isEqualTo(granted);
        assertThat(reservation.waitMillis()).isBetween(waitMillis - 100, waitMillis);
    }
}
