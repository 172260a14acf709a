package io.smsgateway.state;

import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * One instance's schedules, in a Caffeine cache bounded in size, each forgotten once its reset
 * window has passed after its last release: no flood of distinct numbers can exhaust the heap.
 */
public class MemoryDelaySchedules implements DelaySchedules {

    private final LongSupplier clock;
    private final Cache<String, Schedule> schedules;

    public MemoryDelaySchedules(int maxKeys, LongSupplier clock) {
        this.clock = clock;
        this.schedules = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfter(new UntilMoment<Schedule>(clock, Schedule::forgetAt))
                .build();
    }

    @Override
    public DelayReservation reserve(String key, DelayPolicy policy) {
        long now = clock.getAsLong();
        DelayReservation[] outcome = new DelayReservation[1];
        schedules.asMap().compute(key, (ignored, last) -> {
            Schedule next = next(last, now, policy);
            outcome[0] = reservation(next, now, policy);
            return outcome[0].granted() ? next : last;
        });
        return outcome[0];
    }

    @Override
    public DelayReservation peek(String key, DelayPolicy policy) {
        long now = clock.getAsLong();
        return reservation(next(schedules.getIfPresent(key), now, policy), now, policy);
    }

    /** Keys whose schedule is kept now (bounded by the cache's maximum size). */
    public long trackedKeys() {
        schedules.cleanUp();
        return schedules.estimatedSize();
    }

    /** The schedule after one more release: at once after a reset, else the next gap after the last. */
    private static Schedule next(Schedule last, long now, DelayPolicy policy) {
        int released = last == null || now - last.releasedAt() > policy.resetAfterMillis() ? 0 : last.released();
        long release = released == 0 ? now : Math.max(now, last.releasedAt() + policy.gapAfter(released));
        return new Schedule(released + 1, release, release + policy.resetAfterMillis());
    }

    private static DelayReservation reservation(Schedule next, long now, DelayPolicy policy) {
        long wait = next.releasedAt() - now;
        return new DelayReservation(wait <= policy.maxWaitMillis(), wait);
    }

    /**
     * @param releasedAt the last reserved release, possibly still ahead
     * @param forgetAt   when the schedule restarts anyway, so may be forgotten
     */
    private record Schedule(int released, long releasedAt, long forgetAt) {
    }
}
