package io.smsgateway.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import io.smsgateway.state.IdempotencyKeys.Claim;
import io.smsgateway.state.IdempotencyKeys.Outcome;
import org.junit.jupiter.api.Test;

class MemoryIdempotencyKeysTest extends IdempotencyKeysContract {

    private final AtomicLong nanos = new AtomicLong();

    @Override
    IdempotencyKeys newKeys() {
        return new MemoryIdempotencyKeys(100, nanos::get);
    }

    @Test
    void keepsAtMostMaxKeysAnsweredWhateverKeysClientsChoose() {
        MemoryIdempotencyKeys keys = new MemoryIdempotencyKeys(100, nanos::get);

        IntStream.range(0, 10_000).forEach(i -> {
            Claim claim = keys.claim("attacker\n" + i, "digest", DAY);
            keys.complete("attacker\n" + i, claim.token(), "{}");
        });

        assertThat(keys.size()).isLessThanOrEqualTo(100);
    }

    @Test
    void neverEvictsAClaimInFlight() {
        MemoryIdempotencyKeys keys = new MemoryIdempotencyKeys(10, nanos::get);
        keys.claim("in flight", "digest", DAY);

        IntStream.range(0, 1000).forEach(i -> keys.complete("k" + i, keys.claim("k" + i, "d", DAY).token(), "{}"));

        assertThat(keys.claim("in flight", "digest", DAY).outcome()).isEqualTo(Outcome.IN_FLIGHT);
    }

    @Test
    void replaysUntilTheTtlFromTheClaimThenForgets() {
        MemoryIdempotencyKeys keys = new MemoryIdempotencyKeys(10, nanos::get);
        Claim first = keys.claim("key", "digest", DAY);
        nanos.addAndGet(Duration.ofHours(23).toNanos());
        keys.complete("key", first.token(), "{\"status\":200}");

        assertThat(keys.claim("key", "digest", DAY)).isEqualTo(new Claim(Outcome.REPLAY, null, "{\"status\":200}"));
        assertThat(keys.claim("key", "other", DAY).outcome()).isEqualTo(Outcome.MISMATCH);
        nanos.addAndGet(Duration.ofHours(1).toNanos());
        assertThat(keys.claim("key", "digest", DAY).outcome()).isEqualTo(Outcome.CLAIMED);
    }
}
