package io.smsgateway.message;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * International numbers checked by libphonenumber and written in E.164, the form used for sending,
 * keys and logs.
 */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Set<Integer> CALLING_CODES = UTIL.getSupportedCallingCodes();
    // Formatting people type; dropped before parsing.
    private static final Pattern FORMATTING = Pattern.compile("[ ().\\-]");
    private static final Pattern INTERNATIONAL = Pattern.compile("\\+[0-9]{1,20}");
    // 7 digits or more, each pair apart by two formatting characters at most ("+1 (503) 555-0001")
    private static final Pattern IN_TEXT = Pattern.compile("\\+?\\d(?:[ ().\\-]{0,2}\\d){6,}");

    private PhoneNumbers() {
    }

    /**
     * @return the number in E.164
     * @throws IllegalArgumentException with the reason, phrased to follow the field name
     */
    public static String toE164(String text, boolean strict) {
        String compact = FORMATTING.matcher(text).replaceAll("");
        if (!INTERNATIONAL.matcher(compact).matches()) {
            throw new IllegalArgumentException(
                    "must be a number in international format: + then the country code and number, e.g. +15558675310");
        }
        PhoneNumber number;
        try {
            number = UTIL.parse(compact, "ZZ");
        } catch (NumberParseException e) {
            throw new IllegalArgumentException(parseProblem(e));
        }
        if ("ZZ".equals(UTIL.getRegionCodeForCountryCode(number.getCountryCode()))) {
            throw new IllegalArgumentException("has an unknown country calling code");
        }
        switch (UTIL.isPossibleNumberWithReason(number)) {
            case IS_POSSIBLE -> { }
            // a number dialled only within its area (+1 555 0191): a provider cannot deliver it
            case IS_POSSIBLE_LOCAL_ONLY -> throw new IllegalArgumentException(
                    "is a local number only: give the full international number, with its area code");
            case TOO_SHORT -> throw new IllegalArgumentException("is too short for its country");
            case TOO_LONG -> throw new IllegalArgumentException("is too long for its country");
            case INVALID_COUNTRY_CODE -> throw new IllegalArgumentException("has an unknown country calling code");
            default -> throw new IllegalArgumentException("has a length impossible for its country");
        }
        if (strict && !UTIL.isValidNumber(number)) {
            throw new IllegalArgumentException("is not in an assigned number range (SMS_STRICT_NUMBERS is on)");
        }
        return UTIL.format(number, PhoneNumberFormat.E164);
    }

    /**
     * The country of a number in E.164 (ISO 3166 alpha-2): its range's, else its calling code's main
     * country (+1 555 ... is US); {@code ZZ} for numbers of no country (+800 ...).
     */
    public static String countryOf(String e164) {
        try {
            PhoneNumber number = UTIL.parse(e164, "ZZ");
            String region = UTIL.getRegionCodeForNumber(number);
            if (region == null) {
                region = UTIL.getRegionCodeForCountryCode(number.getCountryCode());
            }
            return region == null || region.length() != 2 ? "ZZ" : region;
        } catch (NumberParseException e) {
            return "ZZ";
        }
    }

    /** Country code and the last 3 digits, e.g. {@code +39*******567}: enough to follow a case in logs. */
    public static String mask(String e164) {
        if (e164 == null || e164.length() < 5 || e164.charAt(0) != '+') {
            return "***";
        }
        try {
            int countryCode = isDigits(e164, 1) ? callingCode(e164) : UTIL.parse(e164, "ZZ").getCountryCode();
            if (countryCode == 0) {
                return "***";
            }
            String prefix = "+" + countryCode;
            int hidden = e164.length() - prefix.length() - 3;
            return hidden <= 0 ? prefix + "***" : prefix + "*".repeat(hidden) + e164.substring(e164.length() - 3);
        } catch (NumberParseException e) {
            return "***";
        }
    }

    /**
     * The calling code of +digits without parsing the number (a parse costs more than the rest of a
     * mask, and every send is masked for its log lines): calling codes are prefix-free (ITU-T E.164),
     * so the first 1 to 3 digits that make one are it. 0 for none.
     */
    private static int callingCode(String e164) {
        for (int end = 2; end <= Math.min(4, e164.length()); end++) {
            int code = Integer.parseInt(e164, 1, end, 10);
            if (CALLING_CODES.contains(code)) {
                return code;
            }
        }
        return 0;
    }

    private static boolean isDigits(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * The text with everything that could be a phone number masked: in international form as
     * {@link #mask} does, otherwise all but the last 3 digits. For texts from outside that may name a
     * receiver, such as a provider's error message, before they reach an answer, an exception or a log.
     */
    public static String maskAll(String text) {
        if (text == null) {
            return null;
        }
        return IN_TEXT.matcher(text).replaceAll(found -> {
            String digits = found.group().replaceAll("[^0-9]", "");
            String masked = found.group().startsWith("+") ? mask("+" + digits)
                    : "*".repeat(digits.length() - 3) + digits.substring(digits.length() - 3);
            return Matcher.quoteReplacement(masked);
        });
    }

    private static String parseProblem(NumberParseException e) {
        return switch (e.getErrorType()) {
            case INVALID_COUNTRY_CODE -> "has an unknown country calling code";
            case TOO_SHORT_NSN, TOO_SHORT_AFTER_IDD -> "is too short for its country";
            case TOO_LONG -> "is too long for its country";
            default -> "is not a phone number";
        };
    }
}
