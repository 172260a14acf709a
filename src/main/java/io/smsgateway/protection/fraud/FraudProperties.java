package io.smsgateway.protection.fraud;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import io.smsgateway.config.ConfigurationError;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The fraud shield's rules, each with its mode, and where its long lists come from.
 */
@ConfigurationProperties("sms.fraud")
public record FraudProperties(NumberTypes numberType, Geo geo, Adjacent adjacent, Unverified unverified, Blocks blocks,
                              Policy policy) {

    /**
     * @param mode    SMS_FRAUD_NUMBER_TYPE
     * @param blocked SMS_FRAUD_NUMBER_TYPES_BLOCKED: libphonenumber types refused
     * @param watched SMS_FRAUD_NUMBER_TYPES_MONITORED: types only recorded, even in block mode
     */
    public record NumberTypes(RuleMode mode, Set<PhoneNumberType> blocked, Set<PhoneNumberType> watched) {
    }

    /**
     * @param mode    SMS_FRAUD_GEO
     * @param allowed SMS_FRAUD_COUNTRIES_ALLOWED: when not empty, the only countries messages may go to
     * @param blocked SMS_FRAUD_COUNTRIES_BLOCKED: countries messages may not go to
     */
    public record Geo(RuleMode mode, Set<String> allowed, Set<String> blocked) {
    }

    /**
     * @param mode      SMS_FRAUD_ADJACENT
     * @param digits    SMS_FRAUD_ADJACENT_DIGITS: receivers sharing all but their last digits share a prefix
     * @param threshold SMS_FRAUD_ADJACENT_THRESHOLD: distinct receivers of a prefix within the window that block it
     * @param window    SMS_FRAUD_ADJACENT_WINDOW
     */
    public record Adjacent(RuleMode mode, int digits, int threshold, Duration window) {

        public Adjacent {
            if (digits < 1 || digits > 6) {
                throw new ConfigurationError("SMS_FRAUD_ADJACENT_DIGITS", "must be 1 to 6 (got " + digits + ")");
            }
            if (threshold < 2) {
                throw new ConfigurationError("SMS_FRAUD_ADJACENT_THRESHOLD", "must be at least 2 (got " + threshold + ")");
            }
        }
    }

    /**
     * @param mode         SMS_FRAUD_UNVERIFIED
     * @param window       SMS_FRAUD_UNVERIFIED_WINDOW
     * @param countryFloor SMS_FRAUD_UNVERIFIED_COUNTRY_FLOOR: unverified sends a country may have whatever its verifications
     * @param prefixFloor  SMS_FRAUD_UNVERIFIED_PREFIX_FLOOR: likewise for a prefix
     * @param ratio        SMS_FRAUD_UNVERIFIED_RATIO: beyond the floor, unverified sends allowed per verified one
     */
    public record Unverified(RuleMode mode, Duration window, int countryFloor, int prefixFloor, double ratio) {

        public Unverified {
            if (countryFloor < 1 || prefixFloor < 1) {
                throw new ConfigurationError("SMS_FRAUD_UNVERIFIED_COUNTRY_FLOOR",
                        "and SMS_FRAUD_UNVERIFIED_PREFIX_FLOOR must be at least 1");
            }
            if (ratio < 0) {
                throw new ConfigurationError("SMS_FRAUD_UNVERIFIED_RATIO", "must not be negative (got " + ratio + ")");
            }
        }

        /** Unverified sends allowed beside this many verified ones. */
        long allowance(int floor, long verified) {
            return Math.max(floor, (long) Math.floor(ratio * verified));
        }
    }

    /**
     * @param duration    SMS_FRAUD_BLOCK_DURATION: an automatic block's first length, doubled on each repeat
     * @param maxDuration SMS_FRAUD_BLOCK_MAX_DURATION: the longest it grows to
     */
    public record Blocks(Duration duration, Duration maxDuration) {
    }

    /**
     * @param file   SMS_FRAUD_POLICY_FILE: countries, number types and overrides, read at start-up and on change
     * @param reload SMS_FRAUD_POLICY_RELOAD: how often the file is looked at for a change
     */
    public record Policy(Path file, Duration reload) {

        public Policy {
            file = file == null || file.toString().isBlank() ? null : file;
        }
    }
}
