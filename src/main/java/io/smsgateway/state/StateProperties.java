package io.smsgateway.state;

import io.smsgateway.config.ConfigurationError;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param store          SMS_STATE_STORE: {@code memory} (one instance, nothing to install) or {@code redis}
 *                       (REDIS_URL; the protections hold for every instance sharing it)
 * @param failureMode    SMS_STATE_FAILURE_MODE: with Redis unreachable, {@code closed} answers 503 and sends
 *                       nothing; {@code local} falls back to this instance's memory
 * @param redisPrefix    SMS_REDIS_PREFIX: the start of every key the service writes
 * @param redisKeySecret SMS_REDIS_KEY_SECRET: the secret under which a number is hashed into its Redis key
 *                       (HMAC-SHA256); required in redis mode, and the same for every instance of a fleet
 * @param maxKeys        SMS_DELAY_MAX_TRACKED_NUMBERS: numbers whose schedule memory keeps at most
 * @param fraudMaxKeys   SMS_FRAUD_MAX_TRACKED: prefixes, sends and subjects the fraud shield's memory keeps at most, each
 */
@ConfigurationProperties("sms.state")
public record StateProperties(Store store, FailureMode failureMode, String redisPrefix, String redisKeySecret,
                              int maxKeys, int fraudMaxKeys) {

    public enum Store { MEMORY, REDIS }

    public enum FailureMode { CLOSED, LOCAL }

    private static final int MIN_SECRET = 16;

    public StateProperties {
        if (redisPrefix == null || redisPrefix.isBlank()) {
            throw new ConfigurationError("SMS_REDIS_PREFIX", "must not be empty");
        }
        if (fraudMaxKeys < 1000) {
            throw new ConfigurationError("SMS_FRAUD_MAX_TRACKED", "must be at least 1000 (got " + fraudMaxKeys + ")");
        }
        redisKeySecret = redisKeySecret == null ? "" : redisKeySecret.trim();
        if (store == Store.REDIS) {
            // no default: a fleet must share it, and one built in would let anyone hash every number
            // and read a dump of Redis; nor a short one, which could be guessed the same way
            ConfigurationError.require(redisKeySecret, "SMS_REDIS_KEY_SECRET",
                    "with SMS_STATE_STORE=redis, a secret of " + MIN_SECRET + " characters or more, the same for every "
                            + "instance (e.g. openssl rand -hex 32): Redis keys hold a keyed hash of each number, never the number");
            if (redisKeySecret.length() < MIN_SECRET) {
                throw new ConfigurationError("SMS_REDIS_KEY_SECRET", "must be at least " + MIN_SECRET
                        + " characters (got " + redisKeySecret.length() + "), e.g. openssl rand -hex 32");
            }
        }
        if (maxKeys < 1) {
            throw new ConfigurationError("SMS_DELAY_MAX_TRACKED_NUMBERS", "must be at least 1 (got " + maxKeys + ")");
        }
    }

    public boolean redis() {
        return store == Store.REDIS;
    }
}
