package io.smsgateway.state;

/**
 * Sends and verifications of one subject over a sliding window, in 24 buckets: bounded memory
 * whatever the traffic, at the price of an edge a bucket wide. A verification counts in the bucket
 * of the send it verifies, so both leave the window together.
 */
final class SlidingTally {

    private static final int BUCKETS = 24;

    private final long bucketMillis;
    private final long[] starts = new long[BUCKETS];
    private final long[] sent = new long[BUCKETS];
    private final long[] verified = new long[BUCKETS];

    SlidingTally(long windowMillis) {
        this.bucketMillis = Math.max(1, windowMillis / BUCKETS);
    }

    /** One more send, and the tally with it. */
    synchronized FraudCounters.Tally sent(long at) {
        sent[bucket(at)]++;
        return tally(at);
    }

    /** A send counted at {@code at} taken back, while its bucket still holds that slice of time. */
    synchronized void unsent(long at) {
        int index = (int) ((at / bucketMillis) % BUCKETS);
        if (starts[index] == at / bucketMillis * bucketMillis && sent[index] > 0) {
            sent[index]--;
        }
    }

    synchronized void verified(long sentAt, long now) {
        if (sentAt > now - BUCKETS * bucketMillis) {
            verified[bucket(sentAt)]++;
        }
    }

    synchronized FraudCounters.Tally tally(long now) {
        long sends = 0;
        long verifications = 0;
        long oldest = (now / bucketMillis - BUCKETS + 1) * bucketMillis;
        for (int i = 0; i < BUCKETS; i++) {
            if (starts[i] >= oldest && starts[i] <= now) {
                sends += sent[i];
                verifications += verified[i];
            }
        }
        return new FraudCounters.Tally(sends, verifications);
    }

    /** The bucket of a moment, emptied first when it last held an older slice of time. */
    private int bucket(long at) {
        long start = at / bucketMillis * bucketMillis;
        int index = (int) ((at / bucketMillis) % BUCKETS);
        if (starts[index] != start) {
            starts[index] = start;
            sent[index] = 0;
            verified[index] = 0;
        }
        return index;
    }
}
