package io.smsgateway.state;

import java.time.Duration;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * One instance's Idempotency-Keys, in a Caffeine cache: each entry expires its TTL after its claim,
 * and at most {@code maxKeys} answered keys are kept — keys are chosen by clients, so the oldest and
 * least used are evicted beyond that rather than the memory growing. A claim in flight weighs
 * nothing and is never evicted: its request may be at a provider, and a repeat must not be sent
 * too. Claims in flight are as many as the sends under way.
 */
public class MemoryIdempotencyKeys implements IdempotencyKeys {

    private record Entry(String digest, String token, String answer, long ttlNanos) {

        boolean pending() {
            return answer == null;
        }
    }

    private final Cache<String, Entry> entries;

    public MemoryIdempotencyKeys(int maxKeys) {
        this(maxKeys, System::nanoTime);
    }

    MemoryIdempotencyKeys(int maxKeys, Ticker ticker) {
        this.entries = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumWeight(maxKeys)
                .<String, Entry>weigher((key, entry) -> entry.pending() ? 0 : 1)
                .expireAfter(new Expiry<String, Entry>() {
                    @Override
                    public long expireAfterCreate(String key, Entry entry, long now) {
                        return entry.ttlNanos();
                    }

                    // the TTL runs from the claim: completing a key does not lengthen it
                    @Override
                    public long expireAfterUpdate(String key, Entry entry, long now, long remaining) {
                        return remaining;
                    }

                    @Override
                    public long expireAfterRead(String key, Entry entry, long now, long remaining) {
                        return remaining;
                    }
                })
                .build();
    }

    @Override
    public Claim claim(String key, String digest, Duration ttl) {
        String token = UUID.randomUUID().toString();
        Entry mine = new Entry(digest, token, null, ttl.toNanos());
        Entry held = entries.asMap().putIfAbsent(key, mine);
        if (held == null) {
            return Claim.claimed(token);
        }
        if (!held.digest().equals(digest)) {
            return Claim.of(Outcome.MISMATCH);
        }
        return held.pending() ? Claim.of(Outcome.IN_FLIGHT) : Claim.replay(held.answer());
    }

    @Override
    public void complete(String key, String token, String answer) {
        entries.asMap().computeIfPresent(key, (k, held) -> held.pending() && held.token().equals(token)
                ? new Entry(held.digest(), null, answer, held.ttlNanos()) : held);
    }

    @Override
    public void release(String key, String token) {
        entries.asMap().computeIfPresent(key, (k, held) -> held.pending() && held.token().equals(token) ? null : held);
    }

    /** Keys held, answered or in flight, once pending maintenance is done: for tests. */
    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }
}
