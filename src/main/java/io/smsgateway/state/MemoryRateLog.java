package io.smsgateway.state;

import java.util.LinkedHashMap;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;

/**
 * One instance's budget: a sliding log of the permits spent right before provider calls, each
 * returning one window after its call ended.
 */
public class MemoryRateLog implements RateLog {

    private final LongSupplier clock;
    /** Permits whose provider call is under way: ticket → when it counts as settled at the latest. */
    private final LinkedHashMap<String, Long> atProvider = new LinkedHashMap<>();
    /** When the provider calls of the other permits of the window ended. */
    private final PriorityQueue<Long> settled = new PriorityQueue<>();
    private long lastTicket;

    public MemoryRateLog(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public synchronized RatePermit spend(int limit, long windowMillis, long inFlightMillis) {
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
    public synchronized void settle(String ticket) {
        Long deadline = atProvider.remove(ticket);
        if (deadline != null) {
            settled.add(Math.min(clock.getAsLong(), deadline));
        }
    }

    @Override
    public synchronized RatePermit status(int limit, long windowMillis) {
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
}
