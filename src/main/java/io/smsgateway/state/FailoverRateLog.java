package io.smsgateway.state;

/** The fleet's budget in Redis, and this instance's while Redis is away, as SMS_STATE_FAILURE_MODE says. */
class FailoverRateLog implements RateLog {

    private final RateLog redis;
    private final RateLog memory;
    private final RedisOutage outage;

    FailoverRateLog(RateLog redis, RateLog memory, RedisOutage outage) {
        this.redis = redis;
        this.memory = memory;
        this.outage = outage;
    }

    @Override
    public RatePermit spend(int limit, long windowMillis, long inFlightMillis) {
        return outage.call(() -> redis.spend(limit, windowMillis, inFlightMillis), () -> memory.spend(limit, windowMillis, inFlightMillis));
    }

    /** The ticket is known to the side that granted it; the other ignores it. */
    @Override
    public void settle(String ticket) {
        memory.settle(ticket);
        outage.callOrElse(() -> {
            redis.settle(ticket);
            return null;
        }, () -> null);
    }

    @Override
    public RatePermit status(int limit, long windowMillis) {
        return outage.call(() -> redis.status(limit, windowMillis), () -> memory.status(limit, windowMillis));
    }
}
