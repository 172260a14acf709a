package io.smsgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SegmentCounterTest {

    @Test
    void gsm7FitsOneHundredSixtyCharactersThenSplitsBy153() {
        assertThat(SegmentCounter.count("a")).isEqualTo(1);
        assertThat(SegmentCounter.count("a".repeat(160))).isEqualTo(1);
        assertThat(SegmentCounter.count("a".repeat(161))).isEqualTo(2);
        assertThat(SegmentCounter.count("a".repeat(306))).isEqualTo(2);
        assertThat(SegmentCounter.count("a".repeat(307))).isEqualTo(3);
    }

    @Test
    void gsm7AccentsOfTheBasicSetCountOnce() {
        assertThat(SegmentCounter.count("è".repeat(160))).isEqualTo(1);
        assertThat(SegmentCounter.count("Ñ@£$¥\n".repeat(26) + "abcd")).isEqualTo(1);
    }

    @Test
    void extensionCharactersCountTwice() {
        assertThat(SegmentCounter.count("€".repeat(80))).isEqualTo(1);
        assertThat(SegmentCounter.count("€".repeat(81))).isEqualTo(2);
        assertThat(SegmentCounter.count("a".repeat(159) + "^")).isEqualTo(2);
        assertThat(SegmentCounter.count("{}[]~|\\\f".repeat(10))).isEqualTo(1);
    }

    @Test
    void oneCharacterOutsideGsm7MakesTheWholeMessageUcs2() {
        assertThat(SegmentCounter.count("a".repeat(69) + "ç")).isEqualTo(1);
        assertThat(SegmentCounter.count("a".repeat(70) + "ç")).isEqualTo(2);
        assertThat(SegmentCounter.count("ж".repeat(134))).isEqualTo(2);
        assertThat(SegmentCounter.count("ж".repeat(135))).isEqualTo(3);
    }

    @Test
    void charactersOutsideTheBmpTakeTwoUnits() {
        assertThat(SegmentCounter.count("😀".repeat(35))).isEqualTo(1);
        assertThat(SegmentCounter.count("😀".repeat(36))).isEqualTo(2);
    }
}
