package io.smsgateway.state;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.Optional;

/**
 * The fraud shield's evidence, for one instance in memory or for a fleet in Redis: receivers seen
 * per number prefix, and sends and their verifications per subject (a country, a prefix). Subjects,
 * prefixes and receivers are opaque strings to the state; in Redis they appear in no key as written.
 */
public interface FraudCounters {

    /**
     * Adds {@code receiver} to the receivers of {@code prefix} seen within the window and answers
     * how many distinct ones there are now, counting at most {@code cap}.
     */
    int distinctReceivers(String prefix, String receiver, long windowMillis, int cap);

    /**
     * One more unverified send for each subject, counted at once, before the send goes out, so that
     * sends racing each other see distinct counts: a budget lets through exactly its size.
     *
     * @return when it was counted (to {@link #uncount} or {@link #remember} it) and each subject's
     *         tally with it, in the order of {@code subjects}
     */
    Counted count(List<String> subjects, long windowMillis);

    /** A send counted at {@code at} that did not go out after all: counted no more. */
    void uncount(List<String> subjects, long at, long windowMillis);

    /**
     * A counted send the provider accepted: remembered for the window under its sid and its receiver,
     * so that a verification finds it, unverified until {@link #verify}.
     */
    void remember(String sid, String receiver, List<String> subjects, long at, long windowMillis);

    /**
     * {@link #remember}, started: the stage completes once the send is remembered (in Redis, or in
     * memory when Redis failed it), so that writes started side by side cost one round trip together.
     */
    default CompletionStage<Void> rememberLater(String sid, String receiver, List<String> subjects, long at, long windowMillis) {
        remember(sid, receiver, subjects, at, windowMillis);
        return CompletableFuture.completedStage(null);
    }

    /** A send counted and accepted in one go. */
    default void sent(String sid, String receiver, List<String> subjects, long windowMillis) {
        remember(sid, receiver, subjects, count(subjects, windowMillis).at(), windowMillis);
    }

    /**
     * The code of a recent send was used: the send named by {@code sid}, or else the latest
     * unverified one to {@code receiver}, is counted as verified for its subjects, once.
     *
     * @return what became of it: verified now, verified before, or no such recent send
     */
    Verification verify(String sid, String receiver);

    /**
     * The evidence gathered about a subject — the receivers seen in a prefix, its sends and
     * verifications — forgotten: an operator lifted its block and it starts afresh.
     */
    void forget(String subject);

    /** Sends and verifications counted for a subject within the window. */
    Tally tally(String subject, long windowMillis);

    /**
     * The adjacent rule's evidence: {@link #distinctReceivers} and, when they reach {@code cap} (the
     * rule's threshold passed), the prefix's {@link #tally} within {@code tallyWindowMillis}, else
     * none. Redis answers both in one round trip.
     */
    default Adjacent adjacent(String prefix, String receiver, long windowMillis, int cap, long tallyWindowMillis) {
        int distinct = distinctReceivers(prefix, receiver, windowMillis, cap);
        return new Adjacent(distinct, distinct < cap ? null : tally(prefix, tallyWindowMillis));
    }

    /** @param tally the prefix's, when the receivers reached the cap; else null */
    record Adjacent(int distinct, Tally tally) {
    }

    record Counted(long at, List<Tally> tallies) {
    }

    record Tally(long sent, long verified) {

        public long unverified() {
            return Math.max(0, sent - verified);
        }
    }

    /** @param subjects those of the send verified, when there was one */
    record Verification(Outcome outcome, Optional<List<String>> subjects) {

        public enum Outcome { VERIFIED, ALREADY_VERIFIED, UNKNOWN }
    }
}
