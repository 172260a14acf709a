package io.smsgateway.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written as the original service accepted them: plain milliseconds ({@code 60000}) or
 * the grammar of the {@code ms} npm package ({@code 100ms}, {@code 10 sec}, {@code 1 minute},
 * {@code 1.5h}, {@code 2 weeks} ...). A year is 365.25 days, as in {@code ms}.
 */
public final class MsDuration {

    // The expression of ms 2.1 (vercel/ms), which the original passed its variables to.
    private static final Pattern GRAMMAR = Pattern.compile(
            "^(-?(?:\\d+)?\\.?\\d+) *(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h"
                    + "|days?|d|weeks?|w|years?|yrs?|y)?$",
            Pattern.CASE_INSENSITIVE);

    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long WEEK = 7 * DAY;
    private static final double YEAR = 365.25 * DAY;

    static final String EXPECTED =
            "expected a positive duration: milliseconds (60000) or a value such as 100ms, 10s, 10 sec, 1m, 1 minute, "
                    + "2 hours, 1.5h, 1d, 1 week";

    private MsDuration() {
    }

    /** @throws IllegalArgumentException when the text is outside the grammar or not positive */
    public static long parseMillis(String text) {
        return parseMillis(text, 1);
    }

    /**
     * @param plainUnitMillis what a plain number counts: 1 for milliseconds, 1000 for a variable the
     *                        original read in seconds
     * @throws IllegalArgumentException when the text is outside the grammar or not positive
     */
    static long parseMillis(String text, long plainUnitMillis) {
        if (text == null || text.length() > 100) {
            throw new IllegalArgumentException(EXPECTED + " (got " + quote(text) + ")");
        }
        Matcher m = GRAMMAR.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(EXPECTED + " (got " + quote(text) + ")");
        }
        double value = Double.parseDouble(m.group(1));
        double millis = value * (m.group(2) == null ? plainUnitMillis : unitMillis(m.group(2).toLowerCase(Locale.ROOT)));
        long rounded = Math.round(millis);
        if (rounded <= 0 || millis >= Long.MAX_VALUE) {
            throw new IllegalArgumentException(EXPECTED + " (got " + quote(text) + ")");
        }
        return rounded;
    }

    /** For a variable read before binding: the duration, or a start-up error naming the variable. */
    public static Duration parse(String text, String variable) {
        try {
            return Duration.ofMillis(parseMillis(text));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationError(variable, "is invalid: " + e.getMessage());
        }
    }

    private static double unitMillis(String unit) {
        return switch (unit) {
            case "years", "year", "yrs", "yr", "y" -> YEAR;
            case "weeks", "week", "w" -> WEEK;
            case "days", "day", "d" -> DAY;
            case "hours", "hour", "hrs", "hr", "h" -> HOUR;
            case "minutes", "minute", "mins", "min", "m" -> MINUTE;
            case "seconds", "second", "secs", "sec", "s" -> SECOND;
            default -> 1;
        };
    }

    private static String quote(String text) {
        return text == null ? "nothing" : "'" + text + "'";
    }
}
