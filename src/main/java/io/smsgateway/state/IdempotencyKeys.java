package io.smsgateway.state;

import java.time.Duration;

/**
 * The Idempotency-Keys of sends, for one instance in memory or for a fleet in Redis: each key names
 * one request (by its body's digest) and at most one provider call. A key is claimed before the
 * send; once the send has an answer it is either completed with it (replayed to every repeat until
 * the key expires) or released (nothing reached a provider: a repeat is processed anew).
 */
public interface IdempotencyKeys {

    /**
     * Claims {@code key} for a request of this {@code digest}, unless it is known.
     *
     * @param key    the scoped key (its scope and the client's key); a store keeps only a hash of it in Redis
     * @param digest the request's body digest
     * @param ttl    how long the key is remembered from its claim
     */
    Claim claim(String key, String digest, Duration ttl);

    /** Stores the answer of the request holding the claim; a claim no longer held changes nothing. */
    void complete(String key, String token, String answer);

    /** Forgets a claim still held: the key is free again. */
    void release(String key, String token);

    enum Outcome {
        /** the key is this request's: send, then complete or release it */
        CLAIMED,
        /** the key's request finished: {@link Claim#answer()} is its answer */
        REPLAY,
        /** the key's request is still in flight */
        IN_FLIGHT,
        /** the key was used for another request body */
        MISMATCH
    }

    /**
     * @param token  with {@link Outcome#CLAIMED}, what completes or releases the claim
     * @param answer with {@link Outcome#REPLAY}, the stored answer
     */
    record Claim(Outcome outcome, String token, String answer) {

        static Claim claimed(String token) {
            return new Claim(Outcome.CLAIMED, token, null);
        }

        static Claim of(Outcome outcome) {
            return new Claim(outcome, null, null);
        }

        static Claim replay(String answer) {
            return new Claim(Outcome.REPLAY, null, answer);
        }
    }
}
