package io.smsgateway.state;

import java.util.Optional;

/**
 * The state the protections share: the rate budget, the per-number release schedules and the
 * balance circuit. In memory for one instance; in Redis for a fleet (SMS_STATE_STORE=redis).
 * Implementations keep time themselves — Redis by its own clock — so callers only ever see
 * durations.
 */
public interface ProtectionState {

    /**
     * Spends one permit of the global budget, {@code limit} per {@code windowMillis}, a sliding log.
     * A permit counts from the moment it is spent until one window after it is settled (the
     * provider answered, or the call failed): however late a send reaches the provider, the
     * provider never receives more than {@code limit} in any window. A permit never settled (its
     * instance died mid-call) counts as settled {@code inFlightMillis} after it was spent.
     */
    RatePermit spendRatePermit(int limit, long windowMillis, long inFlightMillis);

    /** The provider call of a granted permit ended now: the permit returns one window from now. */
    void settleRatePermit(String ticket);

    /** The budget as it stands, without spending. */
    RatePermit rateStatus(int limit, long windowMillis);

    /**
     * Reserves the next release slot of {@code receiver} by the exponential schedule, or refuses
     * it, reserving nothing, when it would come later than the policy's longest wait.
     */
    DelayReservation reserveRelease(String receiver, DelayPolicy policy);

    /** What {@link #reserveRelease} would answer now, reserving nothing. */
    DelayReservation peekRelease(String receiver, DelayPolicy policy);

    /** The balance circuit last published, if any. */
    Optional<Circuit> circuit();

    void publishCircuit(Circuit circuit, long ttlMillis);

    /**
     * Whether this instance checks the provider balance now: one poller at a time for all instances
     * sharing the state, holding a lease of {@code leaseMillis} it renews while it polls.
     */
    boolean takeBalancePollerTurn(String instance, long leaseMillis);

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

    /**
     * @param open   sends are blocked
     * @param reason why, for the refusal's message and logs
     */
    record Circuit(boolean open, String reason) {
    }
}
