package io.smsgateway.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * One instance's blocks and overrides. Blocks are few (one per tripped subject) but their strikes
 * are remembered for a week in a cache bounded like the counters; overrides are the operator's.
 */
public class MemoryFraudBlocks implements FraudBlocks {

    /** How long a subject's earlier blocks count towards a longer next one. */
    static final Duration STRIKES_REMEMBERED = Duration.ofDays(7);

    private final LongSupplier clock;
    private final Map<String, Block> blocks = new ConcurrentHashMap<>();
    private final Cache<String, Integer> strikes;
    private final Map<String, OverrideEntry> overrides = new ConcurrentHashMap<>();

    public MemoryFraudBlocks(int maxKeys, LongSupplier clock) {
        this.clock = clock;
        this.strikes = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterWrite(STRIKES_REMEMBERED).build();
    }

    @Override
    public Optional<Block> active(List<String> subjects) {
        Instant now = now();
        for (String subject : subjects) {
            Block renewed = blocks.computeIfPresent(subject, (key, block) -> {
                return block.until().isAfter(now) ? block.renewedAt(now) : null;
            });
            if (renewed != null) {
                return Optional.of(renewed);
            }
        }
        return Optional.empty();
    }

    @Override
    public Block place(String subject, String shown, String rule, String evidence, long baseMillis, long maxMillis) {
        Instant now = now();
        return blocks.compute(subject, (key, existing) -> {
            if (existing != null && existing.until().isAfter(now)) {
                return existing;
            }
            int strike = strikes.asMap().merge(subject, 1, Integer::sum);
            Duration length = Duration.ofMillis(Math.min(maxMillis, baseMillis << Math.min(strike - 1, 30)));
            return new Block(subject, shown, rule, evidence, now, now.plus(length), strike, length);
        });
    }

    @Override
    public boolean lift(String subject) {
        return blocks.remove(subject) != null;
    }

    @Override
    public List<Block> activeBlocks() {
        Instant now = now();
        blocks.values().removeIf(block -> !block.until().isAfter(now));
        return blocks.values().stream().sorted(Comparator.comparing(Block::since)).toList();
    }

    @Override
    public List<OverrideEntry> overrides(Collection<String> subjects) {
        Instant now = now();
        return subjects.stream().map(overrides::get).filter(Objects::nonNull)
                .filter(override -> override.until() == null || override.until().isAfter(now)).toList();
    }

    @Override
    public void putOverride(OverrideEntry override) {
        overrides.put(override.subject(), override);
    }

    @Override
    public boolean removeOverride(String subject) {
        return overrides.remove(subject) != null;
    }

    @Override
    public List<OverrideEntry> allOverrides() {
        Instant now = now();
        overrides.values().removeIf(override -> override.until() != null && !override.until().isAfter(now));
        return overrides.values().stream().sorted(Comparator.comparing(OverrideEntry::subject)).toList();
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.getAsLong());
    }
}
