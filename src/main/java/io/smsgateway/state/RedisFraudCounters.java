package io.smsgateway.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The fleet's fraud evidence in Redis, each operation one Lua script timed by Redis's clock:
 * receivers per prefix in a sorted set capped in size, per subject a tally of 24 buckets as
 * {@link SlidingTally} keeps them (counted before the send goes out), and accepted sends as hashes
 * kept for the window under their sid and as their receiver's latest. Keys hold keyed hashes only,
 * never a number, prefix or subject; every key expires one window after it was last written.
 * <p>
 * The counters decide sends, so while Redis is away SMS_STATE_FAILURE_MODE applies ({@code closed}
 * refuses, {@code local} answers from this instance's memory); a send already accepted by the provider
 * is recorded in memory rather than refused after the fact.
 */
class RedisFraudCounters implements FraudCounters {

    private static final RedisScript<Long> DISTINCT = LuaScripts.of("fraud-distinct-receivers.lua", Long.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> ADJACENT = LuaScripts.of("fraud-adjacent.lua", List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> COUNT = LuaScripts.of("fraud-count.lua", List.class);
    private static final RedisScript<Long> UNCOUNT = LuaScripts.of("fraud-uncount.lua", Long.class);
    private static final RedisScript<Long> REMEMBER = LuaScripts.of("fraud-remember.lua", Long.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> VERIFY = LuaScripts.of("fraud-verify.lua", List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> TALLY = LuaScripts.of("fraud-tally.lua", List.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final SharedRedis redis;
    private final FraudCounters local;

    RedisFraudCounters(SharedRedis redis, FraudCounters local) {
        this.redis = redis;
        this.local = local;
    }

    @Override
    public int distinctReceivers(String prefix, String receiver, long windowMillis, int cap) {
        return redis.call(() -> redis.template().execute(DISTINCT, List.of(redis.numberKey("fraud:receivers", prefix)),
                        redis.hashOf(receiver), Long.toString(windowMillis), Integer.toString(cap)).intValue(),
                () -> local.distinctReceivers(prefix, receiver, windowMillis, cap));
    }

    @Override
    public Adjacent adjacent(String prefix, String receiver, long windowMillis, int cap, long tallyWindowMillis) {
        return redis.call(() -> {
            List<?> answer = redis.template().execute(ADJACENT, List.of(redis.numberKey("fraud:receivers", prefix), tally(prefix)),
                    redis.hashOf(receiver), Long.toString(windowMillis), Integer.toString(cap));
            long sent = RedisAnswers.number(answer, 1);
            return new Adjacent((int) RedisAnswers.number(answer, 0), sent < 0 ? null : new Tally(sent, RedisAnswers.number(answer, 2)));
        }, () -> local.adjacent(prefix, receiver, windowMillis, cap, tallyWindowMillis));
    }

    @Override
    public Counted count(List<String> subjects, long windowMillis) {
        List<String> keys = subjects.stream().map(this::tally).toList();
        return redis.call(() -> {
            List<?> answer = redis.template().execute(COUNT, keys, Long.toString(windowMillis));
            List<Tally> tallies = new ArrayList<>(subjects.size());
            for (int i = 0; i < subjects.size(); i++) {
                tallies.add(new Tally(RedisAnswers.number(answer, 1 + 2 * i), RedisAnswers.number(answer, 2 + 2 * i)));
            }
            return new Counted(RedisAnswers.number(answer, 0), tallies);
        }, () -> local.count(subjects, windowMillis));
    }

    @Override
    public void uncount(List<String> subjects, long at, long windowMillis) {
        List<String> keys = subjects.stream().map(this::tally).toList();
        redis.callOrElse(() -> redis.template().execute(UNCOUNT, keys, Long.toString(at)), () -> {
            local.uncount(subjects, at, windowMillis);
            return null;
        });
    }

    @Override
    public void remember(String sid, String receiver, List<String> subjects, long at, long windowMillis) {
        List<String> keys = rememberKeys(sid, receiver, subjects);
        String written = write(subjects);
        redis.callOrElse(() -> redis.template().execute(REMEMBER, keys, Long.toString(windowMillis), written, Long.toString(at)),
                () -> {
                    local.remember(sid, receiver, subjects, at, windowMillis);
                    return null;
                });
    }

    /** The send went out already: with Redis failing, remembered in memory, counted and logged. */
    @Override
    public CompletionStage<Void> rememberLater(String sid, String receiver, List<String> subjects, long at, long windowMillis) {
        return redis.callLater(REMEMBER, rememberKeys(sid, receiver, subjects),
                List.of(Long.toString(windowMillis), write(subjects), Long.toString(at)),
                () -> local.remember(sid, receiver, subjects, at, windowMillis));
    }

    private List<String> rememberKeys(String sid, String receiver, List<String> subjects) {
        List<String> keys = new ArrayList<>();
        keys.add(redis.numberKey("fraud:send", sid));
        keys.add(redis.numberKey("fraud:latest", receiver));
        subjects.forEach(subject -> keys.add(tally(subject)));
        return keys;
    }

    @Override
    public Verification verify(String sid, String receiver) {
        if (sid == null && receiver == null) {
            return new Verification(Verification.Outcome.UNKNOWN, Optional.empty());
        }
        String key = sid != null ? redis.numberKey("fraud:send", sid) : redis.numberKey("fraud:latest", receiver);
        return redis.call(() -> {
            List<?> answer = redis.template().execute(VERIFY, List.of(key), sid != null ? "sid" : "receiver");
            return switch ((int) RedisAnswers.number(answer, 0)) {
                case 1 -> new Verification(Verification.Outcome.VERIFIED, Optional.of(read(answer.get(1))));
                case 2 -> new Verification(Verification.Outcome.ALREADY_VERIFIED, Optional.of(read(answer.get(1))));
                default -> new Verification(Verification.Outcome.UNKNOWN, Optional.empty());
            };
        }, () -> local.verify(sid, receiver));
    }

    @Override
    public void forget(String subject) {
        redis.call(() -> redis.template().delete(List.of(redis.numberKey("fraud:receivers", subject), tally(subject))),
                () -> {
                    local.forget(subject);
                    return null;
                });
    }

    @Override
    public Tally tally(String subject, long windowMillis) {
        return redis.call(() -> {
            List<?> answer = redis.template().execute(TALLY, List.of(tally(subject)));
            return new Tally(RedisAnswers.number(answer, 0), RedisAnswers.number(answer, 1));
        }, () -> local.tally(subject, windowMillis));
    }

    private String tally(String subject) {
        return redis.numberKey("fraud:tally", subject);
    }

    private static String write(List<String> subjects) {
        try {
            return JSON.writeValueAsString(subjects);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is JSON", e);
        }
    }

    private static List<String> read(Object subjects) {
        try {
            return List.copyOf(JSON.readValue(subjects.toString(), STRINGS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a send's subjects in Redis are not the JSON written: " + e.getOriginalMessage(), e);
        }
    }
}
