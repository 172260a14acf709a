package io.smsgateway.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The fleet's blocks and the operator's overrides in Redis, each operation one Lua script timed by
 * Redis's clock. Blocks: one hash (subject's keyed hash → the block as JSON, with the subject as an
 * operator reads it) beside a sorted set of their ends, both expiring with the last block; a
 * subject's strikes: a counter kept {@link MemoryFraudBlocks#STRIKES_REMEMBERED} after its last
 * block. Overrides: the same pair, kept at most {@link #OVERRIDES_HORIZON} ahead and renewed while
 * they are read. Listing reads these indexes, never SCAN.
 * <p>
 * What decides a send ({@link #active}, {@link #place}, {@link #overrides}) and the operator's
 * changes follow SMS_STATE_FAILURE_MODE; the listings for the admin API answer from this instance's
 * memory while Redis is away, whatever the mode.
 */
class RedisFraudBlocks implements FraudBlocks {

    /**
     * How far ahead the overrides' keys are kept: an override without an end, or ending later, lives
     * as long as overrides are read (every send does) or written within this time.
     */
    static final Duration OVERRIDES_HORIZON = Duration.ofDays(30);
    /** The score of an override without an end: 9999-12-31T23:59:59.999Z. */
    private static final Instant NEVER = Instant.parse("9999-12-31T23:59:59.999Z");

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> PLACE = LuaScripts.of("fraud-block-place.lua", List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> ACTIVE = LuaScripts.of("fraud-block-active.lua", List.class);
    private static final RedisScript<Long> LIFT = LuaScripts.of("fraud-block-lift.lua", Long.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> BLOCKS = LuaScripts.of("fraud-blocks-list.lua", List.class);
    private static final RedisScript<Long> WRITE = LuaScripts.of("fraud-override-write.lua", Long.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> OVERRIDES = LuaScripts.of("fraud-overrides.lua", List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> SCREEN = LuaScripts.of("fraud-screen.lua", List.class);
    private static final RedisScript<Long> RENEW = LuaScripts.of("fraud-block-renew.lua", Long.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SharedRedis redis;
    private final FraudBlocks local;
    private final List<String> blocks;
    private final List<String> overrides;

    RedisFraudBlocks(SharedRedis redis, FraudBlocks local) {
        this.redis = redis;
        this.local = local;
        this.blocks = List.of(redis.key("fraud:blocks"), redis.key("fraud:blocks:ends"));
        this.overrides = List.of(redis.key("fraud:overrides"), redis.key("fraud:overrides:ends"));
    }

    @Override
    public Optional<Block> active(List<String> subjects) {
        Object[] hashes = subjects.stream().map(redis::hashOf).toArray();
        return redis.call(() -> {
            List<?> answer = redis.template().execute(ACTIVE, blocks, hashes);
            return answer.isEmpty() ? Optional.<Block>empty() : Optional.of(block(answer.get(0), RedisAnswers.number(answer, 1)));
        }, () -> local.active(subjects));
    }

    @Override
    public Block place(String subject, String shown, String rule, String evidence, long baseMillis, long maxMillis) {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("subject", subject);
        block.put("shown", shown);
        block.put("rule", rule);
        block.put("evidence", evidence);
        List<String> keys = List.of(blocks.get(0), blocks.get(1), redis.numberKey("fraud:strikes", subject));
        return redis.call(() -> {
            List<?> answer = redis.template().execute(PLACE, keys, redis.hashOf(subject), write(block), Long.toString(baseMillis),
                    Long.toString(maxMillis), Long.toString(MemoryFraudBlocks.STRIKES_REMEMBERED.toMillis()));
            return block(answer.get(0), RedisAnswers.number(answer, 1));
        }, () -> local.place(subject, shown, rule, evidence, baseMillis, maxMillis));
    }

    @Override
    public boolean lift(String subject) {
        return redis.call(() -> redis.template().execute(LIFT, blocks, redis.hashOf(subject)) == 1, () -> local.lift(subject));
    }

    @Override
    public List<Block> activeBlocks() {
        return redis.callOrElse(() -> {
            List<?> answer = redis.template().execute(BLOCKS, blocks);
            List<Block> found = new ArrayList<>();
            for (int i = 0; i < answer.size(); i += 2) {
                found.add(block(answer.get(i), RedisAnswers.number(answer, i + 1)));
            }
            found.sort(Comparator.comparing(Block::since));
            return found;
        }, local::activeBlocks);
    }

    @Override
    public List<OverrideEntry> overrides(Collection<String> subjects) {
        List<String> args = new ArrayList<>();
        args.add("0");
        args.add(Long.toString(OVERRIDES_HORIZON.toMillis()));
        subjects.forEach(subject -> args.add(redis.hashOf(subject)));
        return redis.call(() -> overridesOf(redis.template().execute(OVERRIDES, overrides, args.toArray())),
                () -> local.overrides(subjects));
    }

    @Override
    public Screen screen(Collection<String> overrideSubjects, List<String> blockSubjects) {
        List<String> keys = List.of(overrides.get(0), overrides.get(1), blocks.get(0), blocks.get(1));
        List<String> args = new ArrayList<>();
        args.add(Long.toString(OVERRIDES_HORIZON.toMillis()));
        args.add(Integer.toString(overrideSubjects.size()));
        overrideSubjects.forEach(subject -> args.add(redis.hashOf(subject)));
        blockSubjects.forEach(subject -> args.add(redis.hashOf(subject)));
        return redis.call(() -> {
            List<?> answer = redis.template().execute(SCREEN, keys, args.toArray());
            String block = answer.get(1).toString();
            return new Screen(overridesOf((List<?>) answer.get(0)), true,
                    block.isEmpty() ? Optional.empty() : Optional.of(block(block, RedisAnswers.number(answer, 2))));
        }, () -> local.screen(overrideSubjects, blockSubjects));
    }

    /**
     * Not waited for: the send that met the block is refused whatever comes of it. Should Redis fail
     * it (counted, logged), the block ends when it would have without this send.
     */
    @Override
    public void renew(Block block) {
        redis.callLater(RENEW, blocks, List.of(redis.hashOf(block.subject()), Long.toString(block.until().toEpochMilli())), () -> {
        });
    }

    @Override
    public void putOverride(OverrideEntry override) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("subject", override.subject());
        entry.put("shown", override.shown());
        entry.put("allow", override.allow());
        entry.put("force", override.force());
        entry.put("until", override.until() == null ? null : override.until().toEpochMilli());
        entry.put("reason", override.reason());
        entry.put("by", override.by());
        Instant ends = override.until() == null || override.until().isAfter(NEVER) ? NEVER : override.until();
        redis.call(() -> redis.template().execute(WRITE, overrides, "put", redis.hashOf(override.subject()),
                Long.toString(OVERRIDES_HORIZON.toMillis()), write(entry), Long.toString(ends.toEpochMilli())), () -> {
            local.putOverride(override);
            return null;
        });
    }

    @Override
    public boolean removeOverride(String subject) {
        return redis.call(() -> redis.template().execute(WRITE, overrides, "remove", redis.hashOf(subject),
                Long.toString(OVERRIDES_HORIZON.toMillis())) == 1, () -> local.removeOverride(subject));
    }

    @Override
    public List<OverrideEntry> allOverrides() {
        return redis.callOrElse(() -> {
            List<OverrideEntry> all = new ArrayList<>(overridesOf(redis.template().execute(OVERRIDES, overrides, "1",
                    Long.toString(OVERRIDES_HORIZON.toMillis()))));
            all.sort(Comparator.comparing(OverrideEntry::subject));
            return all;
        }, local::allOverrides);
    }

    private static List<OverrideEntry> overridesOf(List<?> answer) {
        return answer.stream().map(json -> {
            JsonNode entry = read(json);
            JsonNode until = entry.get("until");
            return new OverrideEntry(text(entry, "subject"), text(entry, "shown"), entry.path("allow").asBoolean(),
                    entry.path("force").asBoolean(), until == null || until.isNull() ? null : Instant.ofEpochMilli(until.asLong()),
                    text(entry, "reason"), text(entry, "by"));
        }).toList();
    }

    private static Block block(Object json, long until) {
        JsonNode block = read(json);
        return new Block(text(block, "subject"), text(block, "shown"), text(block, "rule"), text(block, "evidence"),
                Instant.ofEpochMilli(block.path("since").asLong()), Instant.ofEpochMilli(until), block.path("strikes").asInt(),
                Duration.ofMillis(block.path("length").asLong()));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String write(Map<String, Object> value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings, numbers and booleans are JSON", e);
        }
    }

    private static JsonNode read(Object json) {
        try {
            return JSON.readTree(json.toString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a block or override in Redis is not the JSON written: " + e.getOriginalMessage(), e);
        }
    }
}
