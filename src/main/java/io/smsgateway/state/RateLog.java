package io.smsgateway.state;

/**
 * The global send budget as a sliding log: {@code limit} permits per window, for one instance in
 * memory or for a fleet in Redis. Implementations keep time themselves — Redis by its own clock —
 * so callers only ever see durations.
 */
public interface RateLog {

    /**
     * Spends one permit. A permit counts from the moment it is spent until one window after it is
     * settled (the provider answered, or the call failed): however late a send reaches the provider,
     * the provider never receives more than {@code limit} in any window. A permit never settled (its
     * instance died mid-call) counts as settled {@code inFlightMillis} after it was spent.
     */
    RatePermit spend(int limit, long windowMillis, long inFlightMillis);

    /** The provider call of a granted permit ended now: the permit returns one window from now. */
    void settle(String ticket);

    /** The budget as it stands, without spending. */
    RatePermit status(int limit, long windowMillis);

    /**
     * @param resetMillis until the oldest spent permit returns (a whole window while it is still at
     *                    the provider); 0 when none is spent
     * @param ticket      what settles a granted permit; null otherwise
     */
    record RatePermit(boolean granted, int limit, int remaining, long resetMillis, String ticket) {

        public RatePermit(boolean granted, int limit, int remaining, long resetMillis) {
            this(granted, limit, remaining, resetMillis, null);
        }
    }
}
