package io.smsgateway.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smsgateway.state.FraudBlocks.Block;
import io.smsgateway.state.FraudBlocks.OverrideEntry;
import io.smsgateway.state.FraudBlocks.Screen;
import io.smsgateway.state.FraudCounters.Tally;
import io.smsgateway.state.FraudCounters.Verification.Outcome;
import io.smsgateway.support.Brokers;
import io.smsgateway.support.Redis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The fraud shield's state in the real Redis: the contract of memory, by Redis's clock, and what
 * only a shared store has to show — atomic under concurrency, shared between instances, every key
 * under the prefix and expiring, no number, prefix or subject in a key.
 */
class RedisFraudStateTest extends FraudStateContract {

    private static final String SECRET = "fraud-test-secret-0123456789abcdef";

    private final StringRedisTemplate redis = Redis.template(6379);
    private final String prefix = Redis.prefix("fraud");

    @Override
    FraudCounters newCounters() {
        return counters(redis, StateProperties.FailureMode.CLOSED);
    }

    @Override
    FraudBlocks newBlocks() {
        return blocks(redis, StateProperties.FailureMode.CLOSED);
    }

    @AfterEach
    void removeOwnKeys() {
        Redis.removeKeys(redis, prefix);
    }

    @Test
    void neverCountsMoreReceiversThanTheCapUnderFiftyConcurrentCallers() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(50);
        try {
            List<Callable<Integer>> adds = IntStream.range(0, 50).mapToObj(i -> (Callable<Integer>) () ->
                    counters.distinctReceivers(PREFIX, "+44770090010" + (10 + i), WINDOW, 11)).toList();
            List<Integer> answers = new ArrayList<>();
            for (Future<Integer> answer : callers.invokeAll(adds)) {
                answers.add(answer.get());
            }

            assertThat(answers).allSatisfy(distinct -> assertThat(distinct).isBetween(1, 11));
            assertThat(answers).as("each count answered once on the way up").contains(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
            assertThat(answers).filteredOn(distinct -> distinct == 11).hasSize(40);
            assertThat(counters.distinctReceivers(PREFIX, "+4477009001099", WINDOW, 11)).isEqualTo(11);
            assertThat(redis.opsForZSet().size(prefix + "fraud:receivers:" + shared(redis).hashOf(PREFIX))).isEqualTo(11);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void verifiesASendOnceUnderConcurrentReports() throws Exception {
        counters.sent("SM1", RECEIVER, SUBJECTS, WINDOW);
        ExecutorService callers = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Outcome>> reports = IntStream.range(0, 20).mapToObj(i -> (Callable<Outcome>) () ->
                    (i % 2 == 0 ? counters.verify("SM1", null) : counters.verify(null, RECEIVER)).outcome()).toList();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> outcome : callers.invokeAll(reports)) {
                outcomes.add(outcome.get());
            }

            assertThat(outcomes).filteredOn(outcome -> outcome == Outcome.VERIFIED).hasSize(1);
            assertThat(outcomes).filteredOn(outcome -> outcome == Outcome.ALREADY_VERIFIED).hasSize(19);
            assertThat(counters.tally(PREFIX, WINDOW)).isEqualTo(new Tally(1, 1));
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void placesOneBlockUnderConcurrentTrips() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Block>> trips = IntStream.range(0, 20).mapToObj(i -> (Callable<Block>) () ->
                    place(PREFIX, "adjacent", 60_000, 200_000)).toList();
            List<Block> placed = new ArrayList<>();
            for (Future<Block> block : callers.invokeAll(trips)) {
                placed.add(block.get());
            }

            assertThat(placed).containsOnly(placed.get(0));
            assertThat(placed.get(0).strikes()).isEqualTo(1);
            assertThat(blocks.activeBlocks()).containsExactly(placed.get(0));
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void twoInstancesShareBlocksOverridesAndCounters() {
        StringRedisTemplate otherConnection = Redis.template(6379);
        FraudBlocks otherBlocks = blocks(otherConnection, StateProperties.FailureMode.CLOSED);
        FraudCounters otherCounters = counters(otherConnection, StateProperties.FailureMode.CLOSED);

        Block placed = place(PREFIX, "adjacent", 60_000, 200_000);
        assertThat(otherBlocks.activeBlocks()).containsExactly(placed);
        assertThat(otherBlocks.place(PREFIX, "+4477009001xxx", "unverified", "other", 60_000, 200_000))
                .as("blocked already, by the other").isEqualTo(placed);
        Block renewed = otherBlocks.active(List.of(PREFIX)).orElseThrow();
        assertThat(renewed.since()).isEqualTo(placed.since());
        assertThat(blocks.activeBlocks()).singleElement().satisfies(block -> assertThat(block.until()).isEqualTo(renewed.until()));
        assertThat(otherBlocks.lift(PREFIX)).isTrue();
        assertThat(blocks.active(List.of(PREFIX))).isEmpty();
        assertThat(place(PREFIX, "adjacent", 60_000, 200_000).strikes()).as("strikes shared too").isEqualTo(2);

        OverrideEntry override = new OverrideEntry(COUNTRY, "GB", true, false, null, null, "ops");
        otherBlocks.putOverride(override);
        assertThat(blocks.overrides(List.of(COUNTRY))).containsExactly(override);

        assertThat(counters.distinctReceivers(PREFIX, RECEIVER, WINDOW, 10)).isEqualTo(1);
        assertThat(otherCounters.distinctReceivers(PREFIX, OTHER_RECEIVER, WINDOW, 10)).isEqualTo(2);
        counters.sent("SM1", RECEIVER, SUBJECTS, WINDOW);
        assertThat(otherCounters.verify(null, RECEIVER).outcome()).isEqualTo(Outcome.VERIFIED);
        assertThat(counters.verify("SM1", null).outcome()).isEqualTo(Outcome.ALREADY_VERIFIED);
        assertThat(counters.tally(COUNTRY, WINDOW)).isEqualTo(new Tally(1, 1));
    }

    @Test
    void screensTheOverridesAndTheBlockInForceInOneReadAndRenewsTheBlockOnlyForTheSendThatMeetsIt() {
        OverrideEntry override = new OverrideEntry(COUNTRY, "GB", true, false, null, null, "ops");
        blocks.putOverride(override);
        Block placed = place(PREFIX, "adjacent", 60_000, 200_000);

        Screen screen = blocks.screen(List.of("prefix:" + RECEIVER, COUNTRY), List.of(PREFIX, COUNTRY));

        assertThat(screen.overrides()).containsExactly(override);
        assertThat(screen.blocksRead()).isTrue();
        Block found = screen.block().orElseThrow();
        assertThat(found.since()).isEqualTo(placed.since());
        assertThat(found.until()).as("its end once renewed").isAfterOrEqualTo(placed.until());
        assertThat(blocks.activeBlocks()).as("not renewed by the read").singleElement()
                .satisfies(block -> assertThat(block.until()).isEqualTo(placed.until()));

        blocks.renew(found);
        assertThat(blocks.activeBlocks()).singleElement().satisfies(block -> assertThat(block.until()).isEqualTo(found.until()));
        assertThat(otherBlocksSee(PREFIX)).get().satisfies(block -> assertThat(block.until()).isAfterOrEqualTo(found.until()));

        // a block lifted meanwhile stays lifted
        blocks.lift(PREFIX);
        blocks.renew(found);
        assertThat(blocks.screen(List.of(), List.of(PREFIX, COUNTRY)).block()).isEmpty();
        assertThat(blocks.activeBlocks()).isEmpty();
    }

    private Optional<Block> otherBlocksSee(String subject) {
        return blocks(Redis.template(6379), StateProperties.FailureMode.CLOSED).screen(List.of(), List.of(subject)).block();
    }

    @Test
    void anotherInstanceVerifiesASendOnceItsRememberingCompleted() {
        FraudCounters other = counters(Redis.template(6379), StateProperties.FailureMode.CLOSED);
        long at = counters.count(SUBJECTS, WINDOW).at();

        counters.rememberLater("SM1", RECEIVER, SUBJECTS, at, WINDOW).toCompletableFuture().join();

        assertThat(other.verify(null, RECEIVER).outcome()).isEqualTo(Outcome.VERIFIED);
        assertThat(counters.tally(PREFIX, WINDOW)).isEqualTo(new Tally(1, 1));
    }

    @Test
    void remembersInMemoryASendWhoseRememberingRedisFailed() {
        FraudCounters local = counters(Redis.template(Brokers.freePort()), StateProperties.FailureMode.LOCAL);

        local.rememberLater("SM1", RECEIVER, SUBJECTS, System.currentTimeMillis(), WINDOW).toCompletableFuture().join();

        assertThat(local.verify("SM1", null).outcome()).isEqualTo(Outcome.VERIFIED);
    }

    @Test
    void writesEveryKeyUnderItsPrefixWithAnExpiry() {
        exerciseEverything();

        Set<String> keys = Redis.keys(redis, prefix);

        assertThat(keys).extracting(key -> key.substring(prefix.length()).replaceFirst(":[A-Za-z0-9_-]{43}$", ":<hash>"))
                .containsExactlyInAnyOrder("fraud:receivers:<hash>", "fraud:send:<hash>", "fraud:send:<hash>",
                        "fraud:latest:<hash>", "fraud:latest:<hash>", "fraud:tally:<hash>", "fraud:tally:<hash>",
                        "fraud:strikes:<hash>", "fraud:blocks", "fraud:blocks:ends", "fraud:overrides", "fraud:overrides:ends");
        assertThat(keys).allSatisfy(key -> assertThat(redis.getExpire(key)).as("ttl of %s", key).isPositive());
        assertThat(redis.getExpire(prefix + "fraud:receivers:" + shared(redis).hashOf(PREFIX))).isLessThanOrEqualTo(WINDOW / 1000);
        assertThat(redis.getExpire(prefix + "fraud:strikes:" + shared(redis).hashOf(PREFIX)))
                .isLessThanOrEqualTo(MemoryFraudBlocks.STRIKES_REMEMBERED.toSeconds());
        assertThat(redis.getExpire(prefix + "fraud:blocks")).as("with the last block").isLessThanOrEqualTo(200);
        assertThat(redis.getExpire(prefix + "fraud:overrides")).as("an override without an end: the horizon")
                .isLessThanOrEqualTo(RedisFraudBlocks.OVERRIDES_HORIZON.toSeconds());
    }

    @Test
    void holdsNoNumberPrefixOrSubjectInAKeyOrAMember() {
        exerciseEverything();

        Set<String> keys = Redis.keys(redis, prefix);
        assertThat(keys).isNotEmpty().allSatisfy(key -> assertThat(key.substring(prefix.length()))
                .doesNotContain("447700900").doesNotContain("+").doesNotContain("prefix:").doesNotContain("country:"));
        String receivers = prefix + "fraud:receivers:" + shared(redis).hashOf(PREFIX);
        assertThat(redis.opsForZSet().range(receivers, 0, -1)).hasSize(2)
                .allSatisfy(member -> assertThat(member).doesNotContain("447700900"));
    }

    @Test
    void closedModeRefusesWhatDecidesASendAndListsFromMemoryWhileRedisIsAway() {
        StringRedisTemplate nobody = Redis.template(Brokers.freePort());
        MemoryFraudBlocks memory = new MemoryFraudBlocks(1000, System::currentTimeMillis);
        memory.place(COUNTRY, "GB", "unverified", "in memory", 60_000, 60_000);
        RedisFraudBlocks closedBlocks = new RedisFraudBlocks(shared(nobody, StateProperties.FailureMode.CLOSED), memory);
        FraudCounters closedCounters = new RedisFraudCounters(shared(nobody, StateProperties.FailureMode.CLOSED),
                new MemoryFraudCounters(1000, System::currentTimeMillis));

        assertThatThrownBy(() -> closedBlocks.active(SUBJECTS)).isInstanceOf(StateUnavailable.class);
        assertThatThrownBy(() -> place(closedBlocks)).isInstanceOf(StateUnavailable.class);
        assertThatThrownBy(() -> closedBlocks.overrides(SUBJECTS)).isInstanceOf(StateUnavailable.class);
        assertThatThrownBy(() -> closedCounters.distinctReceivers(PREFIX, RECEIVER, WINDOW, 10)).isInstanceOf(StateUnavailable.class);
        assertThatThrownBy(() -> closedCounters.tally(PREFIX, WINDOW)).isInstanceOf(StateUnavailable.class);
        assertThatThrownBy(() -> closedCounters.verify("SM1", null)).isInstanceOf(StateUnavailable.class);
        assertThatThrownBy(() -> closedCounters.count(SUBJECTS, WINDOW)).isInstanceOf(StateUnavailable.class);
        // accepted by the provider already, or never sent: recorded, never refused after the fact
        closedCounters.remember("SM1", RECEIVER, SUBJECTS, System.currentTimeMillis(), WINDOW);
        closedCounters.uncount(SUBJECTS, System.currentTimeMillis(), WINDOW);
        assertThat(closedBlocks.activeBlocks()).extracting(Block::subject).containsExactly(COUNTRY);
        assertThat(closedBlocks.allOverrides()).isEmpty();
    }

    @Test
    void localModeAnswersFromThisInstancesMemoryWhileRedisIsAway() {
        StringRedisTemplate nobody = Redis.template(Brokers.freePort());
        FraudBlocks localBlocks = new RedisFraudBlocks(shared(nobody, StateProperties.FailureMode.LOCAL),
                new MemoryFraudBlocks(1000, System::currentTimeMillis));
        FraudCounters localCounters = new RedisFraudCounters(shared(nobody, StateProperties.FailureMode.LOCAL),
                new MemoryFraudCounters(1000, System::currentTimeMillis));

        Block placed = place(localBlocks);
        assertThat(localBlocks.active(List.of(PREFIX))).get().extracting(Block::since).isEqualTo(placed.since());
        assertThat(localBlocks.activeBlocks()).extracting(Block::since).containsExactly(placed.since());
        assertThat(localCounters.distinctReceivers(PREFIX, RECEIVER, WINDOW, 10)).isEqualTo(1);
        localCounters.sent("SM1", RECEIVER, SUBJECTS, WINDOW);
        assertThat(localCounters.verify("SM1", null).outcome()).isEqualTo(Outcome.VERIFIED);
        assertThat(localCounters.tally(PREFIX, WINDOW)).isEqualTo(new Tally(1, 1));
        OverrideEntry override = new OverrideEntry(COUNTRY, "GB", true, false, null, null, "ops");
        localBlocks.putOverride(override);
        assertThat(localBlocks.overrides(List.of(COUNTRY))).containsExactly(override);
    }

    private void exerciseEverything() {
        counters.distinctReceivers(PREFIX, RECEIVER, WINDOW, 10);
        counters.distinctReceivers(PREFIX, OTHER_RECEIVER, WINDOW, 10);
        counters.sent("SM1", RECEIVER, SUBJECTS, WINDOW);
        counters.sent("SM2", OTHER_RECEIVER, SUBJECTS, WINDOW);
        counters.verify("SM1", null);
        counters.verify(null, OTHER_RECEIVER);
        place(PREFIX, "adjacent", 200_000, 200_000);
        blocks.active(SUBJECTS);
        blocks.putOverride(new OverrideEntry("prefix:" + RECEIVER, "+4477009001xx", true, true, null, "QA phone", "ops"));
        blocks.putOverride(new OverrideEntry(COUNTRY, "GB", false, false, Instant.now().plus(Duration.ofHours(1)), null, "ops"));
        blocks.overrides(SUBJECTS);
    }

    private Block place(FraudBlocks to) {
        return to.place(PREFIX, "+4477009001xxx", "adjacent", "11 different receivers within 10 min", 60_000, 200_000);
    }

    private FraudCounters counters(StringRedisTemplate connection, StateProperties.FailureMode mode) {
        return new RedisFraudCounters(shared(connection, mode), new MemoryFraudCounters(1000, System::currentTimeMillis));
    }

    private FraudBlocks blocks(StringRedisTemplate connection, StateProperties.FailureMode mode) {
        return new RedisFraudBlocks(shared(connection, mode), new MemoryFraudBlocks(1000, System::currentTimeMillis));
    }

    private SharedRedis shared(StringRedisTemplate connection) {
        return shared(connection, StateProperties.FailureMode.CLOSED);
    }

    private SharedRedis shared(StringRedisTemplate connection, StateProperties.FailureMode mode) {
        return new SharedRedis(connection, prefix, SECRET, mode, new SimpleMeterRegistry());
    }
}
