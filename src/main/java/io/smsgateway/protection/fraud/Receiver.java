package io.smsgateway.protection.fraud;

import java.util.ArrayList;
import java.util.List;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;

/**
 * What the fraud shield knows of a receiver: its number, country (ISO 3166 alpha-2, {@code ZZ} for
 * numbers of no country), libphonenumber type, and its prefix — the number without its last digits,
 * which adjacent receivers share.
 */
record Receiver(String e164, String country, PhoneNumberType type, String prefix, int countryCodeDigits) {

    /** Exchange property holding the receiver of the message the shield is judging. */
    static final String PROPERTY = "smsReceiver";

    String prefixSubject() {
        return "prefix:" + prefix;
    }

    String countrySubject() {
        return "country:" + country;
    }

    /** The prefix as an operator or a caller may read it: the hidden digits as x (+4477009001xxx). */
    String shownPrefix() {
        return prefix + "x".repeat(e164.length() - prefix.length());
    }

    /**
     * Every subject an override may name for this receiver: the number itself and each of its
     * prefixes from the country code on, longest first, then the country.
     */
    List<String> overrideSubjects() {
        List<String> subjects = new ArrayList<>();
        // "+" and the country code, then at least one digit of the national number
        for (int length = e164.length(); length > 1 + countryCodeDigits; length--) {
            subjects.add("prefix:" + e164.substring(0, length));
        }
        subjects.add(countrySubject());
        return subjects;
    }
}
