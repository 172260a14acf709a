package io.smsgateway.state;

import java.util.List;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The fleet's budget: one sorted set in Redis, spent and settled by Lua scripts timed by Redis's
 * clock; while Redis is away, what SMS_STATE_FAILURE_MODE says, with this instance's own log.
 */
class RedisRateLog implements RateLog {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> SPEND = LuaScripts.of("spend-rate-permit.lua", List.class);
    private static final RedisScript<Long> SETTLE = LuaScripts.of("settle-rate-permit.lua", Long.class);

    private final SharedRedis redis;
    private final RateLog local;
    private final List<String> keys;

    RedisRateLog(SharedRedis redis, RateLog local) {
        this.redis = redis;
        this.local = local;
        this.keys = List.of(redis.key("rate:log"), redis.key("rate:seq"));
    }

    @Override
    public RatePermit spend(int limit, long windowMillis, long inFlightMillis) {
        return redis.call(() -> call(limit, windowMillis, "1", inFlightMillis), () -> local.spend(limit, windowMillis, inFlightMillis));
    }

    /**
     * The ticket is known to the side that granted it; the other ignores it. Redis's is settled
     * without waiting: settled a little later, the permit returns a little later (never sooner), and
     * unsettled it returns at its in-flight bound.
     */
    @Override
    public void settle(String ticket) {
        local.settle(ticket);
        redis.callLater(SETTLE, keys.subList(0, 1), List.of(ticket), () -> {
        });
    }

    @Override
    public RatePermit status(int limit, long windowMillis) {
        return redis.call(() -> call(limit, windowMillis, "0", 0), () -> local.status(limit, windowMillis));
    }

    private RatePermit call(int limit, long windowMillis, String spend, long inFlightMillis) {
        List<?> answer = redis.template().execute(SPEND, keys, Integer.toString(limit), Long.toString(windowMillis), spend,
                Long.toString(inFlightMillis));
        String ticket = answer.get(3).toString();
        return new RatePermit(RedisAnswers.number(answer, 0) == 1, limit, (int) Math.max(0, RedisAnswers.number(answer, 1)),
                RedisAnswers.number(answer, 2), ticket.isEmpty() ? null : ticket);
    }
}
