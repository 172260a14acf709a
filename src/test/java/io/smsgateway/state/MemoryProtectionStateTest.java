package io.smsgateway.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import io.smsgateway.state.ProtectionState.DelayPolicy;
import io.smsgateway.state.ProtectionState.DelayReservation;
import io.smsgateway.state.ProtectionState.RatePermit;
import org.junit.jupiter.api.Test;

class MemoryProtectionStateTest {

    private static final long IN_FLIGHT = 20_000;

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final DelayPolicy policy = new DelayPolicy(1000, 10_000, 120_000);
    private final MemoryProtectionState state = new MemoryProtectionState(120_000, 1000, now::get);

    @Test
    void reservesReleasesAt0Then1Then2Then4SecondsApart() {
        assertThat(reserve()).isEqualTo(new DelayReservation(true, 0));
        assertThat(reserve()).isEqualTo(new DelayReservation(true, 1000));
        assertThat(reserve()).isEqualTo(new DelayReservation(true, 3000));
        assertThat(reserve()).isEqualTo(new DelayReservation(true, 7000));
        // next at +8 s: 15 s from now, past the 10 s longest wait
        assertThat(reserve()).isEqualTo(new DelayReservation(false, 15_000));
        assertThat(reserve()).as("the refusal reserved nothing").isEqualTo(new DelayReservation(false, 15_000));
    }

    @Test
    void aPeekAnswersWhatAReservationWouldAndReservesNothing() {
        assertThat(state.peekRelease("+393331234567", policy)).isEqualTo(new DelayReservation(true, 0));
        for (int i = 0; i < 4; i++) {
            assertThat(state.peekRelease("+393331234567", policy)).isEqualTo(reserve());
        }
        assertThat(state.peekRelease("+393331234567", policy)).isEqualTo(new DelayReservation(false, 15_000));
        assertThat(reserve()).as("peeks reserved nothing").isEqualTo(new DelayReservation(false, 15_000));
    }

    @Test
    void aLateArrivalIsReleasedAtOnceAndTheGapGrowsFromItsRelease() {
        reserve();
        now.addAndGet(5000);
        assertThat(reserve()).isEqualTo(new DelayReservation(true, 0));
        assertThat(reserve()).isEqualTo(new DelayReservation(true, 2000));
    }

    @Test
    void keepsTheScheduleUntilMoreThanTheResetWindowHasPassed() {
        reserve();
        reserve();
        assertThat(reserve().waitMillis()).isEqualTo(3000);
        // exactly 120 s after the last release (at +3 s) is not yet "more than" 120 s
        now.addAndGet(3000 + 120_000);
        assertThat(reserve()).isEqualTo(new DelayReservation(true, 0));
        assertThat(reserve()).as("the gap doubles on").isEqualTo(new DelayReservation(true, 8000));
    }

    @Test
    void restartsOnceMoreThanTheResetWindowHasPassed() {
        reserve();
        now.addAndGet(120_001);
        assertThat(reserve()).isEqualTo(new DelayReservation(true, 0));
        assertThat(reserve()).isEqualTo(new DelayReservation(true, 1000));
    }

    @Test
    void numbersHaveSchedulesOfTheirOwn() {
        reserve();
        assertThat(state.reserveRelease("+15558675310", policy)).isEqualTo(new DelayReservation(true, 0));
    }

    @Test
    void tracksNoMoreNumbersThanItsCap() {
        for (int i = 0; i < 5000; i++) {
            state.reserveRelease("+1202555" + i, policy);
        }
        assertThat(state.trackedNumbers()).isLessThanOrEqualTo(1000 + 50);
    }

    @Test
    void theGapDoesNotOverflowForLongSchedules() {
        assertThat(policy.gapAfter(1)).isEqualTo(1000);
        assertThat(policy.gapAfter(2)).isEqualTo(2000);
        assertThat(policy.gapAfter(100)).isPositive();
    }

    @Test
    void recordsSettledPermitsInASlidingWindow() {
        assertThat(state.rateStatus(3, 1000)).isEqualTo(new RatePermit(true, 3, 3, 0));
        state.settleRatePermit(spend(3, 1000).ticket());
        now.addAndGet(400);
        state.settleRatePermit(spend(3, 1000).ticket());
        assertThat(state.rateStatus(3, 1000)).isEqualTo(new RatePermit(true, 3, 1, 600));
        now.addAndGet(600);
        assertThat(state.rateStatus(3, 1000)).isEqualTo(new RatePermit(true, 3, 2, 400));
    }

    @Test
    void refusesAPermitUntilTheOldestReturns() {
        for (int i = 0; i < 3; i++) {
            RatePermit permit = spend(3, 1000);
            assertThat(permit.granted()).isTrue();
            state.settleRatePermit(permit.ticket());
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

        state.settleRatePermit(permit.ticket());
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

        state.settleRatePermit("unknown");
        state.settleRatePermit(next.ticket());
        state.settleRatePermit(next.ticket());
        assertThat(state.rateStatus(1, 1000)).as("settled once").isEqualTo(new RatePermit(false, 1, 0, 1000));
    }

    private RatePermit spend(int limit, long windowMillis) {
        return state.spendRatePermit(limit, windowMillis, IN_FLIGHT);
    }

    private DelayReservation reserve() {
        return state.reserveRelease("+393331234567", policy);
    }
}
