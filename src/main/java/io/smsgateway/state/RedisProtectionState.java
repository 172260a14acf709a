package io.smsgateway.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The state of a fleet, in Redis. Every operation is one Lua script or one command, atomic, timed by
 * Redis's clock ({@code TIME}), never an instance's; every key starts with SMS_REDIS_PREFIX and
 * expires, so nothing grows without bound.
 */
class RedisProtectionState implements ProtectionState {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> SPEND = RedisScript.of(new ClassPathResource("redis/spend-rate-permit.lua"), List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<Long> SETTLE = RedisScript.of(new ClassPathResource("redis/settle-rate-permit.lua"), Long.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> RESERVE = RedisScript.of(new ClassPathResource("redis/reserve-release.lua"), List.class);
    private static final RedisScript<Long> PUBLISH = RedisScript.of(new ClassPathResource("redis/publish-circuit.lua"), Long.class);
    private static final RedisScript<Long> POLLER = RedisScript.of(new ClassPathResource("redis/take-poller-turn.lua"), Long.class);

    private final StringRedisTemplate redis;
    private final String prefix;

    RedisProtectionState(StringRedisTemplate redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    @Override
    public RatePermit spendRatePermit(int limit, long windowMillis, long inFlightMillis) {
        return rate(limit, windowMillis, "1", inFlightMillis);
    }

    @Override
    public void settleRatePermit(String ticket) {
        redis.execute(SETTLE, List.of(prefix + "rate:log"), ticket);
    }

    @Override
    public RatePermit rateStatus(int limit, long windowMillis) {
        return rate(limit, windowMillis, "0", 0);
    }

    private RatePermit rate(int limit, long windowMillis, String spend, long inFlightMillis) {
        List<?> answer = redis.execute(SPEND, List.of(prefix + "rate:log", prefix + "rate:seq"),
                Integer.toString(limit), Long.toString(windowMillis), spend, Long.toString(inFlightMillis));
        String ticket = answer.get(3).toString();
        return new RatePermit(number(answer, 0) == 1, limit, (int) Math.max(0, number(answer, 1)), number(answer, 2),
                ticket.isEmpty() ? null : ticket);
    }

    @Override
    public DelayReservation reserveRelease(String receiver, DelayPolicy policy) {
        return delay(receiver, policy, "1");
    }

    @Override
    public DelayReservation peekRelease(String receiver, DelayPolicy policy) {
        return delay(receiver, policy, "0");
    }

    private DelayReservation delay(String receiver, DelayPolicy policy, String reserve) {
        List<?> answer = redis.execute(RESERVE, List.of(prefix + "delay:" + receiver),
                Long.toString(policy.baseMillis()), Long.toString(policy.maxWaitMillis()), Long.toString(policy.resetAfterMillis()),
                reserve);
        return new DelayReservation(number(answer, 0) == 1, number(answer, 1));
    }

    @Override
    public Optional<Circuit> circuit() {
        Map<Object, Object> fields = redis.opsForHash().entries(prefix + "circuit");
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Object reason = fields.get("reason");
        return Optional.of(new Circuit("1".equals(fields.get("open")), reason == null || reason.toString().isEmpty() ? null : reason.toString()));
    }

    @Override
    public void publishCircuit(Circuit circuit, long ttlMillis) {
        redis.execute(PUBLISH, List.of(prefix + "circuit"), circuit.open() ? "1" : "0",
                circuit.reason() == null ? "" : circuit.reason(), Long.toString(ttlMillis));
    }

    @Override
    public boolean takeBalancePollerTurn(String instance, long leaseMillis) {
        Long turn = redis.execute(POLLER, List.of(prefix + "balance:poller"), instance, Long.toString(leaseMillis));
        return turn != null && turn == 1;
    }

    private static long number(List<?> answer, int index) {
        return ((Number) answer.get(index)).longValue();
    }
}
