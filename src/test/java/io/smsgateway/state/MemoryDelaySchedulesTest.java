package io.smsgateway.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import io.smsgateway.state.DelaySchedules.DelayPolicy;
import io.smsgateway.state.DelaySchedules.DelayReservation;
import org.junit.jupiter.api.Test;

class MemoryDelaySchedulesTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final DelayPolicy policy = new DelayPolicy(1000, 10_000, 120_000);
    private final MemoryDelaySchedules schedules = new MemoryDelaySchedules(1000, now::get);

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
        assertThat(schedules.peek("+393331234567", policy)).isEqualTo(new DelayReservation(true, 0));
        for (int i = 0; i < 4; i++) {
            assertThat(schedules.peek("+393331234567", policy)).isEqualTo(reserve());
        }
        assertThat(schedules.peek("+393331234567", policy)).isEqualTo(new DelayReservation(false, 15_000));
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
        assertThat(schedules.reserve("+15558675310", policy)).isEqualTo(new DelayReservation(true, 0));
    }

    @Test
    void tracksNoMoreNumbersThanItsCap() {
        for (int i = 0; i < 5000; i++) {
            schedules.reserve("+1202555" + i, policy);
        }
        assertThat(schedules.trackedKeys()).isLessThanOrEqualTo(1000 + 50);
    }

    @Test
    void theGapDoesNotOverflowForLongSchedules() {
        assertThat(policy.gapAfter(1)).isEqualTo(1000);
        assertThat(policy.gapAfter(2)).isEqualTo(2000);
        assertThat(policy.gapAfter(100)).isPositive();
    }

    private DelayReservation reserve() {
        return schedules.reserve("+393331234567", policy);
    }
}
