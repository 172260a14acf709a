package io.smsgateway.state;

import java.time.Duration;

import io.smsgateway.config.ConfigurationError;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param ttl     SMS_IDEMPOTENCY_TTL: how long an Idempotency-Key is remembered after its first request
 * @param maxKeys SMS_IDEMPOTENCY_MAX_KEYS: answered keys the memory store keeps at most (without Redis)
 */
@ConfigurationProperties("sms.idempotency")
public record IdempotencyProperties(Duration ttl, int maxKeys) {

    public IdempotencyProperties {
        if (ttl == null || ttl.toMillis() < 1000) {
            throw new ConfigurationError("SMS_IDEMPOTENCY_TTL", "must be at least 1s (got " + ttl + ")");
        }
        if (maxKeys < 1) {
            throw new ConfigurationError("SMS_IDEMPOTENCY_MAX_KEYS", "must be at least 1 (got " + maxKeys + ")");
        }
    }
}
