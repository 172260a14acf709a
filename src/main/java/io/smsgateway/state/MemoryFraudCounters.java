package io.smsgateway.state;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * One instance's evidence, in Caffeine caches bounded in size (SMS_FRAUD_MAX_TRACKED each) and
 * forgotten once their window has passed: an attacker choosing receivers and prefixes at will
 * cannot exhaust the heap, only push out the least useful entries.
 */
public class MemoryFraudCounters implements FraudCounters {

    private final LongSupplier clock;
    private final Cache<String, Receivers> prefixes;
    private final Cache<String, Sent> sends;
    private final Cache<String, Sent> latestTo;
    private final Cache<String, Tallied> tallies;

    public MemoryFraudCounters(int maxKeys, LongSupplier clock) {
        this.clock = clock;
        this.prefixes = bounded(maxKeys);
        this.sends = bounded(maxKeys);
        this.latestTo = bounded(maxKeys);
        this.tallies = bounded(maxKeys);
    }

    @Override
    public int distinctReceivers(String prefix, String receiver, long windowMillis, int cap) {
        long now = clock.getAsLong();
        int[] count = new int[1];
        prefixes.asMap().compute(prefix, (key, seen) -> {
            Receivers receivers = seen == null ? new Receivers() : seen;
            receivers.forgetBefore(now - windowMillis);
            if (receivers.seen.size() < cap || receivers.seen.containsKey(receiver)) {
                receivers.seen.remove(receiver);
                receivers.seen.put(receiver, now);
            }
            receivers.expiresAt = now + windowMillis;
            count[0] = receivers.seen.size();
            return receivers;
        });
        return count[0];
    }

    @Override
    public Counted count(List<String> subjects, long windowMillis) {
        long now = clock.getAsLong();
        List<Tally> counted = new ArrayList<>(subjects.size());
        for (String subject : subjects) {
            // compute, not computeIfAbsent: the cache reads the entry's expiry after the update
            tallies.asMap().compute(subject, (key, tallied) -> {
                Tallied kept = tallied == null ? new Tallied(windowMillis) : tallied;
                kept.expiresAt = Math.max(kept.expiresAt, now + windowMillis);
                counted.add(kept.tally.sent(now));
                return kept;
            });
        }
        return new Counted(now, counted);
    }

    @Override
    public void uncount(List<String> subjects, long at, long windowMillis) {
        for (String subject : subjects) {
            Tallied tallied = tallies.getIfPresent(subject);
            if (tallied != null) {
                tallied.tally.unsent(at);
            }
        }
    }

    @Override
    public void remember(String sid, String receiver, List<String> subjects, long at, long windowMillis) {
        Sent send = new Sent(subjects, at, at + windowMillis);
        sends.put(sid, send);
        latestTo.put(receiver, send);
    }

    @Override
    public Verification verify(String sid, String receiver) {
        Sent send = sid != null ? sends.getIfPresent(sid) : receiver != null ? latestTo.getIfPresent(receiver) : null;
        if (send == null) {
            return new Verification(Verification.Outcome.UNKNOWN, Optional.empty());
        }
        synchronized (send) {
            if (send.verified) {
                return new Verification(Verification.Outcome.ALREADY_VERIFIED, Optional.of(send.subjects));
            }
            send.verified = true;
        }
        long now = clock.getAsLong();
        for (String subject : send.subjects) {
            Tallied tallied = tallies.getIfPresent(subject);
            if (tallied != null) {
                tallied.tally.verified(send.at, now);
            }
        }
        return new Verification(Verification.Outcome.VERIFIED, Optional.of(send.subjects));
    }

    @Override
    public void forget(String subject) {
        prefixes.invalidate(subject);
        tallies.invalidate(subject);
    }

    @Override
    public Tally tally(String subject, long windowMillis) {
        Tallied tallied = tallies.getIfPresent(subject);
        return tallied == null ? new Tally(0, 0) : tallied.tally.tally(clock.getAsLong());
    }

    private <V extends Expiring> Cache<String, V> bounded(int maxKeys) {
        return Caffeine.newBuilder().maximumSize(maxKeys).expireAfter(new UntilMoment<V>(clock, value -> value.expiresAt)).build();
    }

    /** Something kept until a moment of its own. */
    private abstract static class Expiring {
        volatile long expiresAt;
    }

    private static final class Receivers extends Expiring {
        // receiver -> last seen, oldest first
        private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

        void forgetBefore(long oldest) {
            for (Iterator<Map.Entry<String, Long>> entries = seen.entrySet().iterator(); entries.hasNext(); ) {
                if (entries.next().getValue() >= oldest) {
                    break;
                }
                entries.remove();
            }
        }
    }

    private static final class Sent extends Expiring {
        private final List<String> subjects;
        private final long at;
        private boolean verified;

        Sent(List<String> subjects, long at, long expiresAt) {
            this.subjects = subjects;
            this.at = at;
            this.expiresAt = expiresAt;
        }
    }

    private static final class Tallied extends Expiring {
        private final SlidingTally tally;

        Tallied(long windowMillis) {
            this.tally = new SlidingTally(windowMillis);
        }
    }
}
