package io.smsgateway.state;

/** The fleet's schedules in Redis, and this instance's while Redis is away, as SMS_STATE_FAILURE_MODE says. */
class FailoverDelaySchedules implements DelaySchedules {

    private final DelaySchedules redis;
    private final DelaySchedules memory;
    private final RedisOutage outage;

    FailoverDelaySchedules(DelaySchedules redis, DelaySchedules memory, RedisOutage outage) {
        this.redis = redis;
        this.memory = memory;
        this.outage = outage;
    }

    @Override
    public DelayReservation reserve(String key, DelayPolicy policy) {
        return outage.call(() -> redis.reserve(key, policy), () -> memory.reserve(key, policy));
    }

    @Override
    public DelayReservation peek(String key, DelayPolicy policy) {
        return outage.call(() -> redis.peek(key, policy), () -> memory.peek(key, policy));
    }
}
