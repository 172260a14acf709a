package io.smsgateway.state;

import java.util.List;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The fleet's schedules: a hash per number in Redis, keyed by the number's keyed hash, reserved by one Lua script timed by Redis's
 * clock; while Redis is away, what SMS_STATE_FAILURE_MODE says, with this instance's own schedules.
 */
class RedisDelaySchedules implements DelaySchedules {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> RESERVE = LuaScripts.of("reserve-release.lua", List.class);

    private final SharedRedis redis;
    private final DelaySchedules local;

    RedisDelaySchedules(SharedRedis redis, DelaySchedules local) {
        this.redis = redis;
        this.local = local;
    }

    @Override
    public DelayReservation reserve(String key, DelayPolicy policy) {
        return redis.call(() -> call(key, policy, "1"), () -> local.reserve(key, policy));
    }

    @Override
    public DelayReservation peek(String key, DelayPolicy policy) {
        return redis.call(() -> call(key, policy, "0"), () -> local.peek(key, policy));
    }

    private DelayReservation call(String key, DelayPolicy policy, String reserve) {
        List<?> answer = redis.template().execute(RESERVE, List.of(redis.numberKey("delay", key)), Long.toString(policy.baseMillis()),
                Long.toString(policy.maxWaitMillis()), Long.toString(policy.resetAfterMillis()), reserve);
        return new DelayReservation(RedisAnswers.number(answer, 0) == 1, RedisAnswers.number(answer, 1));
    }
}
