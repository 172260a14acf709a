package io.smsgateway.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * One instance's message statuses: the most recently touched {@code maxEntries} messages (a
 * least-recently-used map), each forgotten {@code ttlMillis} after its last change; and as many
 * request ids, each naming the sid of the latest message sent under it (an index that answers only
 * while that message is kept, and only when the message still carries that request id).
 */
public class MemoryMessageStatuses implements MessageStatuses {

    private final int maxEntries;
    private final long ttlMillis;
    private final LongSupplier clock;
    private final Map<String, Entry> entries;
    private final Map<String, String> sidsByRequestId;

    public MemoryMessageStatuses(int maxEntries, long ttlMillis, LongSupplier clock) {
        this.maxEntries = maxEntries;
        this.ttlMillis = ttlMillis;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > MemoryMessageStatuses.this.maxEntries;
            }
        };
        this.sidsByRequestId = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > MemoryMessageStatuses.this.maxEntries;
            }
        };
    }

    @Override
    public synchronized Origin record(String sid, Origin origin, Change change) {
        long now = clock.getAsLong();
        Entry entry = entries.get(sid);
        if (entry == null || entry.expiresAt <= now) {
            entry = new Entry(origin);
            entries.put(sid, entry);
        } else {
            entry.origin = merged(entry.origin, origin);
        }
        entry.history.add(change);
        if (entry.history.size() > MAX_HISTORY) {
            entry.history.remove(0);
        }
        entry.expiresAt = now + ttlMillis;
        if (origin.requestId() != null && origin.requestId().equals(entry.origin.requestId())) {
            sidsByRequestId.put(origin.requestId(), sid);
        }
        return entry.origin;
    }

    @Override
    public synchronized Optional<Tracked> find(String sid) {
        Entry entry = entries.get(sid);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.expiresAt <= clock.getAsLong()) {
            entries.remove(sid);
            return Optional.empty();
        }
        return Optional.of(entry.tracked(sid));
    }

    @Override
    public synchronized Optional<Tracked> findByRequestId(String requestId) {
        String sid = sidsByRequestId.get(requestId);
        if (sid == null) {
            return Optional.empty();
        }
        Optional<Tracked> tracked = find(sid).filter(found -> requestId.equals(found.origin().requestId()));
        if (tracked.isEmpty()) {
            sidsByRequestId.remove(requestId);
        }
        return tracked;
    }

    /** Messages held now. */
    synchronized int size() {
        return entries.size();
    }

    /** Request ids indexed now. */
    synchronized int requestIds() {
        return sidsByRequestId.size();
    }

    private static Origin merged(Origin known, Origin told) {
        return new Origin(known.provider() != null ? known.provider() : told.provider(),
                known.country() != null ? known.country() : told.country(),
                known.receiver() != null ? known.receiver() : told.receiver(),
                known.statusCallback() != null ? known.statusCallback() : told.statusCallback(),
                known.requestId() != null ? known.requestId() : told.requestId(),
                known.failedOverFrom() != null ? known.failedOverFrom() : told.failedOverFrom());
    }

    private static final class Entry {
        private Origin origin;
        private final List<Change> history = new ArrayList<>();
        private long expiresAt;

        private Entry(Origin origin) {
            this.origin = origin;
        }

        private Tracked tracked(String sid) {
            return new Tracked(sid, origin, List.copyOf(history));
        }
    }
}
