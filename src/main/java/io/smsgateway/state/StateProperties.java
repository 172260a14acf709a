package io.smsgateway.state;

import io.smsgateway.config.ConfigurationError;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param store       SMS_STATE_STORE: {@code memory} (one instance, nothing to install) or {@code redis}
 *                    (REDIS_URL; the protections hold for every instance sharing it)
 * @param failureMode SMS_STATE_FAILURE_MODE: with Redis unreachable, {@code closed} answers 503 and sends
 *                    nothing; {@code local} falls back to this instance's memory
 * @param redisPrefix SMS_REDIS_PREFIX: the start of every key the service writes
 * @param maxKeys      SMS_DELAY_MAX_TRACKED_NUMBERS: numbers whose schedule memory keeps at most
 * @param fraudMaxKeys SMS_FRAUD_MAX_TRACKED: prefixes, sends and subjects the fraud shield's memory keeps at most, each
 */
@ConfigurationProperties("sms.state")
public record StateProperties(Store store, FailureMode failureMode, String redisPrefix, int maxKeys, int fraudMaxKeys) {

    public enum Store { MEMORY, REDIS }

    public enum FailureMode { CLOSED, LOCAL }

    public StateProperties {
        if (redisPrefix == null || redisPrefix.isBlank()) {
            throw new ConfigurationError("SMS_REDIS_PREFIX", "must not be empty");
        }
        if (fraudMaxKeys < 1000) {
            throw new ConfigurationError("SMS_FRAUD_MAX_TRACKED", "must be at least 1000 (got " + fraudMaxKeys + ")");
        }
        if (maxKeys < 1) {
            throw new ConfigurationError("SMS_DELAY_MAX_TRACKED_NUMBERS", "must be at least 1 (got " + maxKeys + ")");
        }
    }

    public boolean redis() {
        return store == Store.REDIS;
    }
}
