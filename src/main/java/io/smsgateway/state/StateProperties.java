package io.smsgateway.state;

import java.util.Locale;

import io.smsgateway.config.ConfigurationError;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param store       SMS_STATE_STORE: {@code memory} (one instance, nothing to install) or {@code redis}
 *                    (REDIS_URL; the protections hold for every instance sharing it)
 * @param failureMode SMS_STATE_FAILURE_MODE: with Redis unreachable, {@code closed} answers 503 and sends
 *                    nothing; {@code local} falls back to this instance's memory
 * @param redisPrefix SMS_REDIS_PREFIX: the start of every key the service writes
 */
@ConfigurationProperties("sms.state")
public record StateProperties(String store, String failureMode, String redisPrefix) {

    public StateProperties {
        store = store == null ? "" : store.trim().toLowerCase(Locale.ROOT);
        if (!store.equals("memory") && !store.equals("redis")) {
            throw new ConfigurationError("SMS_STATE_STORE", "must be memory or redis (got '" + store + "')");
        }
        failureMode = failureMode == null ? "" : failureMode.trim().toLowerCase(Locale.ROOT);
        if (!failureMode.equals("closed") && !failureMode.equals("local")) {
            throw new ConfigurationError("SMS_STATE_FAILURE_MODE", "must be closed (503) or local (fall back to memory), got '" + failureMode + "'");
        }
        if (redisPrefix == null || redisPrefix.isBlank()) {
            throw new ConfigurationError("SMS_REDIS_PREFIX", "must not be empty");
        }
    }

    public boolean redis() {
        return store.equals("redis");
    }

    boolean fallsBackToMemory() {
        return failureMode.equals("local");
    }
}
