package io.smsgateway.state;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * One instance's state. Schedules live in a Caffeine cache bounded in size, each expiring once
 * its reset window has passed, so no flood of distinct numbers can exhaust the heap.
 *
 * <p>The rate budget is a sliding log of the permits spent right before provider calls, each
 * returning one window after its call ended: the Throttler EIP refuses early at the entry, this
 * keeps the provider's side of the budget exact.
 */
public class MemoryProtectionState implements ProtectionState {

    private final LongSupplier clock;
    private final long resetAfterMillis;
    private final Cache<String, Schedule> schedules;
    /** Permits whose provider call is under way: ticket → when it counts as settled at the latest. */
    private final LinkedHashMap<String, Long> atProvider = new LinkedHashMap<>();
    /** When the provider calls of the other permits of the window ended. */
    private final PriorityQueue<Long> settled = new PriorityQueue<>();
    private long lastTicket;
    private final AtomicReference<Circuit> circuit = new AtomicReference<>();

    public MemoryProtectionState(long resetAfterMillis, int maxTrackedNumbers, LongSupplier clock) {
        this.clock = clock;
        this.resetAfterMillis = resetAfterMillis;
        this.schedules = Caffeine.newBuilder()
                .maximumSize(maxTrackedNumbers)
                .expireAfter(new UntilReset())
                .build();
    }

    @Override
    public synchronized RatePermit spendRatePermit(int limit, long windowMillis, long inFlightMillis) {
        long now = clock.getAsLong();
        forgetReturned(now, windowMillis);
        if (spent() >= limit) {
            return status(now, limit, windowMillis, false, null);
        }
        String ticket = Long.toString(++lastTicket);
        atProvider.put(ticket, now + inFlightMillis);
        return status(now, limit, windowMillis, true, ticket);
    }

    @Override
    public synchronized void settleRatePermit(String ticket) {
        Long deadline = atProvider.remove(ticket);
        if (deadline != null) {
            settled.add(Math.min(clock.getAsLong(), deadline));
        }
    }

    @Override
    public synchronized RatePermit rateStatus(int limit, long windowMillis) {
        long now = clock.getAsLong();
        forgetReturned(now, windowMillis);
        return status(now, limit, windowMillis, spent() < limit, null);
    }

    private void forgetReturned(long now, long windowMillis) {
        // permits are spent in order with one in-flight bound, so their deadlines come in order
        for (var permits = atProvider.values().iterator(); permits.hasNext(); ) {
            long deadline = permits.next();
            if (deadline > now) {
                break;
            }
            permits.remove();
            settled.add(deadline);
        }
        while (!settled.isEmpty() && settled.peek() + windowMillis <= now) {
            settled.poll();
        }
    }

    private int spent() {
        return settled.size() + atProvider.size();
    }

    private RatePermit status(long now, int limit, long windowMillis, boolean granted, String ticket) {
        long reset = !settled.isEmpty() ? settled.peek() + windowMillis - now : atProvider.isEmpty() ? 0 : windowMillis;
        return new RatePermit(granted, limit, Math.max(0, limit - spent()), reset, ticket);
    }

    @Override
    public DelayReservation reserveRelease(String receiver, DelayPolicy policy) {
        long now = clock.getAsLong();
        DelayReservation[] outcome = new DelayReservation[1];
        schedules.asMap().compute(receiver, (key, last) -> {
            Schedule next = next(last, now, policy);
            outcome[0] = reservation(next, now, policy);
            return outcome[0].granted() ? next : last;
        });
        return outcome[0];
    }

    @Override
    public DelayReservation peekRelease(String receiver, DelayPolicy policy) {
        long now = clock.getAsLong();
        return reservation(next(schedules.getIfPresent(receiver), now, policy), now, policy);
    }

    /** The schedule after one more release: at once after a reset, else the next gap after the last. */
    private static Schedule next(Schedule last, long now, DelayPolicy policy) {
        int released = last == null || now - last.releasedAt() > policy.resetAfterMillis() ? 0 : last.released();
        long release = released == 0 ? now : Math.max(now, last.releasedAt() + policy.gapAfter(released));
        return new Schedule(released + 1, release);
    }

    private static DelayReservation reservation(Schedule next, long now, DelayPolicy policy) {
        long wait = next.releasedAt() - now;
        return new DelayReservation(wait <= policy.maxWaitMillis(), wait);
    }

    @Override
    public Optional<Circuit> circuit() {
        return Optional.ofNullable(circuit.get());
    }

    @Override
    public void publishCircuit(Circuit state, long ttlMillis) {
        circuit.set(state);
    }

    /** Alone, this instance is always the poller. */
    @Override
    public boolean takeBalancePollerTurn(String instance, long leaseMillis) {
        return true;
    }

    /** Numbers whose schedule is kept now (bounded by the cache's maximum size). */
    public long trackedNumbers() {
        schedules.cleanUp();
        return schedules.estimatedSize();
    }

    /** @param releasedAt the last reserved release, possibly still ahead */
    private record Schedule(int released, long releasedAt) {
    }

    /** A schedule is forgotten once its reset window has passed after its last release. */
    private final class UntilReset implements Expiry<String, Schedule> {

        private long nanosLeft(Schedule schedule) {
            long millis = schedule.releasedAt() + resetAfterMillis - clock.getAsLong();
            return Duration.ofMillis(Math.max(millis, 1)).toNanos();
        }

        @Override
        public long expireAfterCreate(String key, Schedule schedule, long currentTime) {
            return nanosLeft(schedule);
        }

        @Override
        public long expireAfterUpdate(String key, Schedule schedule, long currentTime, long currentDuration) {
            return nanosLeft(schedule);
        }

        @Override
        public long expireAfterRead(String key, Schedule schedule, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
