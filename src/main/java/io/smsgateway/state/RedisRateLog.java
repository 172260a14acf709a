package io.smsgateway.state;

import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/** The fleet's budget: one sorted set in Redis, spent and settled by Lua scripts timed by Redis's clock. */
class RedisRateLog implements RateLog {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> SPEND = RedisScript.of(new ClassPathResource("redis/spend-rate-permit.lua"), List.class);
    private static final RedisScript<Long> SETTLE = RedisScript.of(new ClassPathResource("redis/settle-rate-permit.lua"), Long.class);

    private final StringRedisTemplate redis;
    private final List<String> keys;

    RedisRateLog(StringRedisTemplate redis, String prefix) {
        this.redis = redis;
        this.keys = List.of(prefix + "rate:log", prefix + "rate:seq");
    }

    @Override
    public RatePermit spend(int limit, long windowMillis, long inFlightMillis) {
        return call(limit, windowMillis, "1", inFlightMillis);
    }

    @Override
    public void settle(String ticket) {
        redis.execute(SETTLE, keys.subList(0, 1), ticket);
    }

    @Override
    public RatePermit status(int limit, long windowMillis) {
        return call(limit, windowMillis, "0", 0);
    }

    private RatePermit call(int limit, long windowMillis, String spend, long inFlightMillis) {
        List<?> answer = redis.execute(SPEND, keys, Integer.toString(limit), Long.toString(windowMillis), spend,
                Long.toString(inFlightMillis));
        String ticket = answer.get(3).toString();
        return new RatePermit(RedisAnswers.number(answer, 0) == 1, limit, (int) Math.max(0, RedisAnswers.number(answer, 1)),
                RedisAnswers.number(answer, 2), ticket.isEmpty() ? null : ticket);
    }
}
