package io.smsgateway.protection.fraud;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import io.smsgateway.state.FraudBlocks.OverrideEntry;

/**
 * The long lists of the fraud shield as they stand now: from the configuration, replaced list by
 * list by the policy file where it gives one, with the file's overrides.
 *
 * @param countriesAllowed when not empty, the only countries messages may go to
 * @param countryFloors    the unverified budget's floor of a country where it is not
 *                         SMS_FRAUD_UNVERIFIED_COUNTRY_FLOOR: a home country's sign-ups while their codes
 *                         are being typed, which a fresh window would otherwise count against it
 */
record FraudPolicy(Set<String> countriesAllowed, Set<String> countriesBlocked, Set<PhoneNumberType> typesBlocked,
                   Set<PhoneNumberType> typesWatched, List<OverrideEntry> overrides, Map<String, Integer> countryFloors) {

    FraudPolicy(Set<String> countriesAllowed, Set<String> countriesBlocked, Set<PhoneNumberType> typesBlocked,
                Set<PhoneNumberType> typesWatched, List<OverrideEntry> overrides) {
        this(countriesAllowed, countriesBlocked, typesBlocked, typesWatched, overrides, Map.of());
    }

    int countryFloor(String country, int otherwise) {
        return countryFloors.getOrDefault(country, otherwise);
    }

    boolean countryRefused(String country) {
        return countriesBlocked.contains(country) || !countriesAllowed.isEmpty() && !countriesAllowed.contains(country);
    }
}
