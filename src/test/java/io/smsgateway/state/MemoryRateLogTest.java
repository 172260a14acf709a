package io.smsgateway.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import io.smsgateway.state.RateLog.RatePermit;
import org.junit.jupiter.api.Test;

class MemoryRateLogTest {

    private static final long IN_FLIGHT = 20_000;

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final MemoryRateLog log = new MemoryRateLog(now::get);

    @Test
    void recordsSettledPermitsInASlidingWindow() {
        assertThat(log.status(3, 1000)).isEqualTo(new RatePermit(true, 3, 3, 0));
        log.settle(spend(3, 1000).ticket());
        now.addAndGet(400);
        log.settle(spend(3, 1000).ticket());
        assertThat(log.status(3, 1000)).isEqualTo(new RatePermit(true, 3, 1, 600));
        now.addAndGet(600);
        assertThat(log.status(3, 1000)).isEqualTo(new RatePermit(true, 3, 2, 400));
    }

    @Test
    void refusesAPermitUntilTheOldestReturns() {
        for (int i = 0; i < 3; i++) {
            RatePermit permit = spend(3, 1000);
            assertThat(permit.granted()).isTrue();
            log.settle(permit.ticket());
            now.addAndGet(100);
        }
        assertThat(spend(3, 1000)).isEqualTo(new RatePermit(false, 3, 0, 700));
        now.addAndGet(700);
        assertThat(spend(3, 1000).granted()).isTrue();
    }

    @Test
    void aPermitReturnsOneWindowAfterItsProviderCallEnded() {
        RatePermit permit = spend(1, 1000);
        assertThat(permit.granted()).isTrue();
        assertThat(permit.resetMillis()).as("at the provider: a whole window at least").isEqualTo(1000);

        now.addAndGet(5_000); // a slow provider
        assertThat(spend(1, 1000)).as("still at the provider").isEqualTo(new RatePermit(false, 1, 0, 1000));

        log.settle(permit.ticket());
        now.addAndGet(999);
        assertThat(spend(1, 1000)).isEqualTo(new RatePermit(false, 1, 0, 1));
        now.addAndGet(1);
        assertThat(spend(1, 1000).granted()).isTrue();
    }

    @Test
    void aPermitNeverSettledReturnsOneWindowAfterItsInFlightBound() {
        spend(1, 1000);

        now.addAndGet(IN_FLIGHT + 999);
        assertThat(spend(1, 1000).granted()).isFalse();
        now.addAndGet(1);
        RatePermit next = spend(1, 1000);
        assertThat(next.granted()).isTrue();

        log.settle("unknown");
        log.settle(next.ticket());
        log.settle(next.ticket());
        assertThat(log.status(1, 1000)).as("settled once").isEqualTo(new RatePermit(false, 1, 0, 1000));
    }

    private RatePermit spend(int limit, long windowMillis) {
        return log.spend(limit, windowMillis, IN_FLIGHT);
    }
}
