package io.smsgateway.protection.fraud;

import java.util.List;
import java.util.Set;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import io.smsgateway.state.FraudBlocks.OverrideEntry;

/**
 * The long lists of the fraud shield as they stand now: from the configuration, replaced list by
 * list by the policy file where it gives one, with the file's overrides.
 *
 * @param countriesAllowed when not empty, the only countries messages may go to
 */
record FraudPolicy(Set<String> countriesAllowed, Set<String> countriesBlocked, Set<PhoneNumberType> typesBlocked,
                   Set<PhoneNumberType> typesWatched, List<OverrideEntry> overrides) {

    boolean countryRefused(String country) {
        return countriesBlocked.contains(country) || !countriesAllowed.isEmpty() && !countriesAllowed.contains(country);
    }
}
