package io.smsgateway.state;

import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/** The fleet's schedules: a hash per number in Redis, reserved by one Lua script timed by Redis's clock. */
class RedisDelaySchedules implements DelaySchedules {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> RESERVE = RedisScript.of(new ClassPathResource("redis/reserve-release.lua"), List.class);

    private final StringRedisTemplate redis;
    private final String prefix;

    RedisDelaySchedules(StringRedisTemplate redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix + "delay:";
    }

    @Override
    public DelayReservation reserve(String key, DelayPolicy policy) {
        return call(key, policy, "1");
    }

    @Override
    public DelayReservation peek(String key, DelayPolicy policy) {
        return call(key, policy, "0");
    }

    private DelayReservation call(String key, DelayPolicy policy, String reserve) {
        List<?> answer = redis.execute(RESERVE, List.of(prefix + key), Long.toString(policy.baseMillis()),
                Long.toString(policy.maxWaitMillis()), Long.toString(policy.resetAfterMillis()), reserve);
        return new DelayReservation(RedisAnswers.number(answer, 0) == 1, RedisAnswers.number(answer, 1));
    }
}
