package io.smsgateway.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import io.smsgateway.state.FraudBlocks.Block;
import io.smsgateway.state.FraudBlocks.OverrideEntry;
import io.smsgateway.state.FraudCounters.Adjacent;
import io.smsgateway.state.FraudCounters.Counted;
import io.smsgateway.state.FraudCounters.Tally;
import io.smsgateway.state.FraudCounters.Verification;
import io.smsgateway.state.FraudCounters.Verification.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the fraud shield's state does, in memory and in Redis alike: each implementation runs these
 * tests (MemoryFraudStateTest, RedisFraudStateTest). Each keeps its own clock — the JVM's, Redis's —
 * so windows and lengths are awaited as conditions, never measured.
 */
abstract class FraudStateContract {

    static final long WINDOW = 60_000;
    static final String PREFIX = "prefix:+4477009001";
    static final String COUNTRY = "country:GB";
    static final List<String> SUBJECTS = List.of(COUNTRY, PREFIX);
    static final String RECEIVER = "+447700900123";
    static final String OTHER_RECEIVER = "+447700900124";

    FraudCounters counters;
    FraudBlocks blocks;

    abstract FraudCounters newCounters();

    abstract FraudBlocks newBlocks();

    @BeforeEach
    void freshState() {
        counters = newCounters();
        blocks = newBlocks();
    }

    // FraudCounters

    @Test
    void countsTheDistinctReceiversOfAPrefixUpToTheCap() {
        assertThat(distinct("+4477009001234")).isEqualTo(1);
        assertThat(distinct("+4477009001234")).as("the same receiver again").isEqualTo(1);
        assertThat(distinct("+4477009001235")).isEqualTo(2);
        assertThat(distinct("+4477009001236")).isEqualTo(3);
        assertThat(distinct("+4477009001237")).as("capped").isEqualTo(3);
        assertThat(distinct("+4477009001234")).as("one counted already").isEqualTo(3);
        assertThat(counters.distinctReceivers("prefix:+4477009009", "+4477009009001", WINDOW, 3)).as("another prefix").isEqualTo(1);
    }

    @Test
    void answersThePrefixsTallyWithItsReceiversOnceTheyReachTheCap() {
        counters.sent("SM1", "+4477009001234", SUBJECTS, WINDOW);
        counters.verify("SM1", null);
        counters.sent("SM2", "+4477009001235", SUBJECTS, WINDOW);

        assertThat(counters.adjacent(PREFIX, "+4477009001234", WINDOW, 3, WINDOW)).isEqualTo(new Adjacent(1, null));
        assertThat(counters.adjacent(PREFIX, "+4477009001235", WINDOW, 3, WINDOW)).isEqualTo(new Adjacent(2, null));
        assertThat(counters.adjacent(PREFIX, "+4477009001236", WINDOW, 3, WINDOW)).isEqualTo(new Adjacent(3, new Tally(2, 1)));
        assertThat(counters.adjacent(PREFIX, "+4477009001237", WINDOW, 3, WINDOW)).as("capped").isEqualTo(new Adjacent(3, new Tally(2, 1)));
        assertThat(counters.adjacent("prefix:+4477009009", "+4477009009001", WINDOW, 1, WINDOW)).as("no tally yet")
                .isEqualTo(new Adjacent(1, new Tally(0, 0)));
        assertThat(distinct("+4477009001234")).as("the same set as distinctReceivers").isEqualTo(3);
    }

    @Test
    void forgetsAReceiverOnceTheWindowHasPassedSinceItWasLastSeen() {
        assertThat(counters.distinctReceivers(PREFIX, "+4477009001234", 500, 10)).isEqualTo(1);
        assertThat(counters.distinctReceivers(PREFIX, "+4477009001235", 500, 10)).isEqualTo(2);

        // the first seen again and again, the second never: the second leaves the window
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> counters.distinctReceivers(PREFIX, "+4477009001234", 500, 10) == 1);
    }

    @Test
    void talliesSendsPerSubjectAndVerifiesASendOnceBySid() {
        counters.sent("SM1", RECEIVER, SUBJECTS, WINDOW);
        counters.sent("SM2", OTHER_RECEIVER, SUBJECTS, WINDOW);
        counters.sent("SM3", "+447700900125", List.of(COUNTRY, "prefix:+4477009002"), WINDOW);
        assertThat(counters.tally(COUNTRY, WINDOW)).isEqualTo(new Tally(3, 0));
        assertThat(counters.tally(PREFIX, WINDOW)).isEqualTo(new Tally(2, 0));

        Verification verified = counters.verify("SM2", null);

        assertThat(verified).isEqualTo(new Verification(Outcome.VERIFIED, Optional.of(SUBJECTS)));
        assertThat(counters.tally(COUNTRY, WINDOW)).isEqualTo(new Tally(3, 1));
        assertThat(counters.tally(PREFIX, WINDOW)).isEqualTo(new Tally(2, 1));
        assertThat(counters.tally(PREFIX, WINDOW).unverified()).isEqualTo(1);

        assertThat(counters.verify("SM2", null)).isEqualTo(new Verification(Outcome.ALREADY_VERIFIED, Optional.of(SUBJECTS)));
        assertThat(counters.verify("SM2", RECEIVER).outcome()).as("the sid decides").isEqualTo(Outcome.ALREADY_VERIFIED);
        assertThat(counters.tally(COUNTRY, WINDOW)).as("counted once").isEqualTo(new Tally(3, 1));
        assertThat(counters.verify("SM9", null)).isEqualTo(new Verification(Outcome.UNKNOWN, Optional.empty()));
        assertThat(counters.verify(null, null).outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(counters.tally("country:FR", WINDOW)).isEqualTo(new Tally(0, 0));
    }

    @Test
    void countsRacingSendsOneByOneAndTakesBackASendThatDidNotGoOut() throws Exception {
        ExecutorService racers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Counted>> counted = IntStream.range(0, 40)
                    .mapToObj(i -> racers.submit(() -> counters.count(SUBJECTS, WINDOW))).toList();
            List<Long> seen = new ArrayList<>();
            for (Future<Counted> each : counted) {
                seen.add(each.get().tallies().get(0).sent());
            }
            // each send sees a count of its own: a budget of n lets exactly n through
            assertThat(seen).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 40).boxed().toList());
            assertThat(counted.get(0).get().tallies()).as("one tally per subject").hasSize(2);

            counters.uncount(SUBJECTS, counted.get(0).get().at(), WINDOW);
            assertThat(counters.tally(COUNTRY, WINDOW)).isEqualTo(new Tally(39, 0));
            assertThat(counters.tally(PREFIX, WINDOW)).isEqualTo(new Tally(39, 0));

            // a counted send accepted is found by its verification, in the bucket it was counted in
            counters.remember("SM1", RECEIVER, SUBJECTS, counted.get(1).get().at(), WINDOW);
            assertThat(counters.verify(null, RECEIVER).outcome()).isEqualTo(Outcome.VERIFIED);
            assertThat(counters.tally(PREFIX, WINDOW)).isEqualTo(new Tally(39, 1));
        } finally {
            racers.shutdownNow();
        }
    }

    @Test
    void forgetsTheEvidenceOfASubjectAndOnlyOfIt() {
        distinct("+4477009001234");
        distinct("+4477009001235");
        counters.sent("SM1", RECEIVER, SUBJECTS, WINDOW);

        counters.forget(PREFIX);

        assertThat(distinct("+4477009001236")).as("receivers seen in the prefix forgotten").isEqualTo(1);
        assertThat(counters.tally(PREFIX, WINDOW)).isEqualTo(new Tally(0, 0));
        assertThat(counters.tally(COUNTRY, WINDOW)).as("the country's kept").isEqualTo(new Tally(1, 0));
    }

    @Test
    void verifiesTheLatestSendToAReceiverWhenNoSidIsGiven() {
        counters.sent("SM1", RECEIVER, SUBJECTS, WINDOW);
        counters.sent("SM2", RECEIVER, SUBJECTS, WINDOW);
        counters.sent("SM3", OTHER_RECEIVER, SUBJECTS, WINDOW);

        assertThat(counters.verify(null, RECEIVER).outcome()).isEqualTo(Outcome.VERIFIED);

        assertThat(counters.verify("SM2", null).outcome()).as("the latest was verified").isEqualTo(Outcome.ALREADY_VERIFIED);
        assertThat(counters.verify(null, RECEIVER).outcome()).isEqualTo(Outcome.ALREADY_VERIFIED);
        assertThat(counters.verify("SM1", null).outcome()).as("the earlier one is not").isEqualTo(Outcome.VERIFIED);
        assertThat(counters.verify(null, "+447700900199").outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(counters.tally(COUNTRY, WINDOW)).isEqualTo(new Tally(3, 2));
    }

    @Test
    void aVerificationLeavesTheWindowWithTheSendItVerifies() {
        long window = 3000;
        counters.sent("SM1", RECEIVER, SUBJECTS, window);
        // a third of the window later (a bucket is 125 ms)
        await().pollDelay(Duration.ofMillis(1000)).until(() -> true);
        counters.sent("SM2", OTHER_RECEIVER, SUBJECTS, window);
        assertThat(counters.verify("SM1", null).outcome()).isEqualTo(Outcome.VERIFIED);
        assertThat(counters.tally(PREFIX, window)).isEqualTo(new Tally(2, 1));

        // counted in the bucket of SM1, not of the moment it was verified: it leaves with SM1
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(50))
                .until(() -> counters.tally(PREFIX, window).equals(new Tally(1, 0)));
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(50))
                .until(() -> counters.tally(PREFIX, window).equals(new Tally(0, 0)));
        // a send itself is forgotten one window after it, a bucket at most after its tally's edge
        await().atMost(Duration.ofSeconds(1)).until(() -> counters.verify("SM1", null).outcome() == Outcome.UNKNOWN);
        await().atMost(Duration.ofSeconds(1)).until(() -> counters.verify(null, OTHER_RECEIVER).outcome() == Outcome.UNKNOWN);
    }

    // FraudBlocks

    @Test
    void blocksForTheBaseLengthDoubledOnEachStrikeUpToTheLongest() {
        Block first = place(PREFIX, "adjacent", 60_000, 200_000);

        assertThat(first.subject()).isEqualTo(PREFIX);
        assertThat(first.shown()).isEqualTo("+4477009001xxx");
        assertThat(first.rule()).isEqualTo("adjacent");
        assertThat(first.evidence()).isEqualTo("11 different receivers within 10 min");
        assertThat(first.strikes()).isEqualTo(1);
        assertThat(first.length()).isEqualTo(Duration.ofSeconds(60));
        assertThat(first.until()).isEqualTo(first.since().plus(first.length()));
        assertThat(blocks.lift(PREFIX)).isTrue();
        assertThat(blocks.lift(PREFIX)).as("lifted already").isFalse();
        assertThat(blocks.active(List.of(PREFIX))).isEmpty();

        Block second = place(PREFIX, "adjacent", 60_000, 200_000);
        assertThat(second.strikes()).isEqualTo(2);
        assertThat(second.length()).isEqualTo(Duration.ofSeconds(120));
        assertThat(second.until()).isEqualTo(second.since().plus(second.length()));
        blocks.lift(PREFIX);

        Block third = place(PREFIX, "adjacent", 60_000, 200_000);
        assertThat(third.strikes()).isEqualTo(3);
        assertThat(third.length()).as("at most the longest").isEqualTo(Duration.ofSeconds(200));

        assertThat(place(COUNTRY, "unverified", 60_000, 200_000).strikes()).as("strikes are the subject's own").isEqualTo(1);
        assertThat(blocks.lift("country:FR")).isFalse();
    }

    @Test
    void remembersTheStrikesOfABlockThatEndedByItself() {
        Block first = place(PREFIX, "adjacent", 300, 10_000);

        await().atMost(Duration.ofSeconds(5)).until(() -> blocks.activeBlocks().isEmpty());

        Block second = place(PREFIX, "adjacent", 300, 10_000);
        assertThat(second.strikes()).isEqualTo(2);
        assertThat(second.length()).isEqualTo(Duration.ofMillis(600));
        assertThat(second.since()).isAfterOrEqualTo(first.until());
    }

    @Test
    void aSubjectBlockedAlreadyKeepsItsBlock() {
        Block first = place(PREFIX, "adjacent", 60_000, 200_000);

        Block again = blocks.place(PREFIX, "+4477009001xxx", "unverified", "9 unverified and 0 verified within 24 h", 60_000, 200_000);

        assertThat(again).isEqualTo(first);
        assertThat(blocks.activeBlocks()).containsExactly(first);
    }

    @Test
    void renewsABlockToOneLengthFromEachSendItRefuses() {
        Block placed = place(PREFIX, "adjacent", 1000, 10_000);

        // its traffic goes on, a send every 100 ms for three lengths: refused throughout, renewed
        Block last = placed;
        for (int i = 0; i < 30; i++) {
            await().pollDelay(Duration.ofMillis(100)).until(() -> true);
            Block renewed = blocks.active(List.of(PREFIX)).orElseThrow();
            assertThat(renewed.until()).isAfterOrEqualTo(last.until());
            assertThat(List.of(renewed.since(), renewed.strikes(), renewed.length()))
                    .containsExactly(placed.since(), placed.strikes(), placed.length());
            last = renewed;
        }
        assertThat(last.until()).isAfter(placed.until().plusMillis(1500));

        // once it stops, the block ends one length after the last: the listing does not renew it
        await().atMost(Duration.ofSeconds(5)).until(() -> blocks.activeBlocks().isEmpty());
        assertThat(blocks.active(List.of(PREFIX))).isEmpty();
    }

    @Test
    void answersTheFirstBlockInForceAmongTheSubjects() {
        Block country = place(COUNTRY, "unverified", 60_000, 200_000);
        Block prefix = place(PREFIX, "adjacent", 60_000, 200_000);

        assertThat(blocks.active(List.of(PREFIX, COUNTRY)).orElseThrow().subject()).isEqualTo(prefix.subject());
        assertThat(blocks.active(List.of("prefix:+4420", COUNTRY)).orElseThrow().subject()).isEqualTo(country.subject());
        assertThat(blocks.active(List.of("prefix:+4420", "country:FR"))).isEmpty();
        assertThat(blocks.active(List.of())).isEmpty();
    }

    @Test
    void listsTheBlocksInForceOldestFirst() {
        Block shortBlock = place(COUNTRY, "unverified", 400, 10_000);
        await().pollDelay(Duration.ofMillis(20)).until(() -> true);
        Block longBlock = place(PREFIX, "adjacent", 60_000, 200_000);

        assertThat(blocks.activeBlocks()).containsExactly(shortBlock, longBlock);

        await().atMost(Duration.ofSeconds(5)).until(() -> blocks.activeBlocks().equals(List.of(longBlock)));
        assertThat(blocks.lift(PREFIX)).isTrue();
        assertThat(blocks.activeBlocks()).isEmpty();
    }

    @Test
    void keepsTheOperatorsOverridesUntilTheyEnd() {
        OverrideEntry number = new OverrideEntry("prefix:" + RECEIVER, "+4477009001xx", true, true, null, "our QA phone", "ops");
        OverrideEntry country = new OverrideEntry(COUNTRY, "GB", false, false, Instant.ofEpochMilli(System.currentTimeMillis() + 500),
                "incident 42", "policy file");
        blocks.putOverride(number);
        blocks.putOverride(country);
        List<String> subjects = List.of("prefix:" + RECEIVER, "prefix:+44770090012", COUNTRY);

        assertThat(blocks.overrides(subjects)).containsExactly(number, country);
        assertThat(blocks.overrides(List.of("country:FR"))).isEmpty();
        assertThat(blocks.allOverrides()).as("by subject").containsExactly(country, number);

        await().atMost(Duration.ofSeconds(5)).until(() -> blocks.overrides(subjects).equals(List.of(number)));
        assertThat(blocks.allOverrides()).containsExactly(number);
    }

    @Test
    void replacesAndRemovesAnOverride() {
        OverrideEntry allow = new OverrideEntry(COUNTRY, "GB", true, false, null, null, "ops");
        OverrideEntry block = new OverrideEntry(COUNTRY, "GB", false, false, Instant.ofEpochMilli(System.currentTimeMillis() + 600_000),
                "pumping from GB", "ops");
        blocks.putOverride(allow);
        blocks.putOverride(block);

        assertThat(blocks.overrides(List.of(COUNTRY))).containsExactly(block);
        assertThat(blocks.allOverrides()).containsExactly(block);
        assertThat(blocks.removeOverride(COUNTRY)).isTrue();
        assertThat(blocks.removeOverride(COUNTRY)).isFalse();
        assertThat(blocks.overrides(List.of(COUNTRY))).isEmpty();
        assertThat(blocks.allOverrides()).isEmpty();
    }

    int distinct(String receiver) {
        return counters.distinctReceivers(PREFIX, receiver, WINDOW, 3);
    }

    Block place(String subject, String rule, long baseMillis, long maxMillis) {
        String shown = subject.equals(PREFIX) ? "+4477009001xxx" : subject.substring("country:".length());
        return blocks.place(subject, shown, rule, "11 different receivers within 10 min", baseMillis, maxMillis);
    }
}
