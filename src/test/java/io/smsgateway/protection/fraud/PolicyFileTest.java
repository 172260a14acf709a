package io.smsgateway.protection.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import io.smsgateway.state.FraudBlocks.OverrideEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The policy file read and checked: what it says replaces the configuration's lists; a wrong entry is named. */
class PolicyFileTest {

    private static final FraudPolicy CONFIGURED = new FraudPolicy(Set.of(), Set.of("KP"), Set.of(PhoneNumberType.PREMIUM_RATE),
            Set.of(PhoneNumberType.VOIP), List.of());

    @TempDir
    Path folder;

    @Test
    void replacesTheListsItGivesAndKeepsTheOthers() throws Exception {
        FraudPolicy policy = PolicyFile.read(file("""
                countries:
                  blocked: [ru, "by"]
                overrides:
                  - allow: "+447400123456"
                    until: 2026-12-31T00:00:00Z
                    reason: a customer's own number
                  - block: "+882"
                  - allow: MT
                    force: true
                unverified:
                  countryFloors: {gb: 600, US: 400}
                """), CONFIGURED);

        assertThat(policy.countriesBlocked()).containsExactlyInAnyOrder("RU", "BY");
        assertThat(policy.countriesAllowed()).isEmpty();
        assertThat(policy.typesBlocked()).containsExactly(PhoneNumberType.PREMIUM_RATE);
        assertThat(policy.overrides()).containsExactly(
                new OverrideEntry("prefix:+447400123456", "+44*******456", true, false, Instant.parse("2026-12-31T00:00:00Z"),
                        "a customer's own number", "policy file"),
                new OverrideEntry("prefix:+882", "+882", false, false, null, null, "policy file"),
                new OverrideEntry("country:MT", "MT", true, true, null, null, "policy file"));
        assertThat(policy.countryFloor("GB", 20)).isEqualTo(600);
        assertThat(policy.countryFloor("US", 20)).isEqualTo(400);
        assertThat(policy.countryFloor("FR", 20)).as("the configured floor elsewhere").isEqualTo(20);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "countries: {blocked: [XX]} | countries.blocked[0]: 'XX' is not an ISO 3166 alpha-2 country code",
            "countries: {allowed: GB} | countries.allowed: expected a list",
            "numberTypes: {blocked: [PREMIUM]} | numberTypes.blocked[0]: 'PREMIUM' is not a number type",
            "overrides: [{allow: '0044123'}] | overrides[0].allow: '0044123' is neither a number, a prefix",
            "overrides: [{allow: GB, block: FR}] | overrides[0]: give one of allow or block",
            "overrides: [{allow: GB, until: tomorrow}] | overrides[0].until: 'tomorrow' is not an instant",
            "overrides: [{allow: GB, force: yes please}] | overrides[0].force: 'yes please' is not true or false",
            "overrides: [{allow: GB, expires: 2026-01-01}] | overrides[0].expires: unknown entry",
            "country: {blocked: [RU]} | country: unknown entry",
            "unverified: {countryFloors: {GB: lots}} | unverified.countryFloors.GB: 'lots' is not a whole number of sends",
            "unverified: {countryFloors: {XX: 10}} | unverified.countryFloors.XX: 'XX' is not an ISO 3166 alpha-2 country code",
            "unverified: {floors: {GB: 10}} | unverified.floors: unknown entry",
            "countries: [RU | is not valid YAML",
    })
    void namesTheFirstWrongEntry(String yaml, String message) throws Exception {
        Path wrong = file(yaml);

        assertThatThrownBy(() -> PolicyFile.read(wrong, CONFIGURED)).isInstanceOf(PolicyFile.Invalid.class)
                .hasMessageStartingWith(message);
    }

    private Path file(String yaml) throws IOException {
        return Files.writeString(folder.resolve("policy-" + System.nanoTime() + ".yaml"), yaml);
    }
}
