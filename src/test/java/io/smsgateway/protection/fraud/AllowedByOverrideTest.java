package io.smsgateway.protection.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.smsgateway.state.FraudBlocks.OverrideEntry;
import org.junit.jupiter.api.Test;

/**
 * Which allow override /admin/blocks names as letting a block's traffic through: one that covers all
 * of it, chosen as the shield chooses for each send — the most precise override wins, a block
 * override more precise than the allow keeping the block in force.
 */
class AllowedByOverrideTest {

    @Test
    void anAllowOfThePrefixOrAShorterOneLetsThePrefixThrough() {
        assertThat(FraudAdmin.allowedBy("prefix:+447400123", List.of(allow("prefix:+447400123"))).shown()).isEqualTo("+447400123");
        assertThat(FraudAdmin.allowedBy("prefix:+447400123", List.of(allow("prefix:+4474"))).shown()).isEqualTo("+4474");
    }

    @Test
    void anAllowOfPartOfThePrefixOrOfAnotherOneDoesNot() {
        assertThat(FraudAdmin.allowedBy("prefix:+447400123", List.of(allow("prefix:+4474001234"), allow("prefix:+447400124"))))
                .isNull();
    }

    @Test
    void aMorePreciseBlockOverrideKeepsTheBlockInForce() {
        assertThat(FraudAdmin.allowedBy("prefix:+447400123", List.of(allow("prefix:+4474"), block("prefix:+4474001")))).isNull();
        assertThat(FraudAdmin.allowedBy("prefix:+447400123", List.of(block("prefix:+4474"), allow("prefix:+4474001"))).shown())
                .isEqualTo("+4474001");
    }

    @Test
    void aCountryIsLetThroughByAnAllowOfThatCountry() {
        assertThat(FraudAdmin.allowedBy("country:GB", List.of(allow("country:GB"))).shown()).isEqualTo("GB");
        assertThat(FraudAdmin.allowedBy("country:GB", List.of(allow("country:FR"), allow("prefix:+44")))).isNull();
    }

    private static OverrideEntry allow(String subject) {
        return new OverrideEntry(subject, subject.substring(subject.indexOf(':') + 1), true, false, null, null, "night-shift");
    }

    private static OverrideEntry block(String subject) {
        return new OverrideEntry(subject, subject.substring(subject.indexOf(':') + 1), false, false, null, null, "night-shift");
    }
}
