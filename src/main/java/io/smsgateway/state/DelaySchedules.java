package io.smsgateway.state;

/**
 * Per-number release schedules of the exponential delay, for one instance in memory or for a fleet
 * in Redis. A key is whatever identifies a number to its caller; implementations never need more.
 */
public interface DelaySchedules {

    /**
     * Reserves the next release slot of {@code key} by the exponential schedule, or refuses it,
     * reserving nothing, when it would come later than the policy's longest wait.
     */
    DelayReservation reserve(String key, DelayPolicy policy);

    /** What {@link #reserve} would answer now, reserving nothing. */
    DelayReservation peek(String key, DelayPolicy policy);

    record DelayPolicy(long baseMillis, long maxWaitMillis, long resetAfterMillis) {

        /** The gap after the n-th release: base × 2^(n−1). */
        public long gapAfter(int released) {
            int doublings = Math.min(Math.max(released - 1, 0), 40);
            long gap = baseMillis << doublings;
            return gap < 0 || (gap >> doublings) != baseMillis ? Long.MAX_VALUE / 4 : gap;
        }
    }

    /** @param waitMillis how long until the release: the hold when granted, the Retry-After when refused */
    record DelayReservation(boolean granted, long waitMillis) {
    }
}
