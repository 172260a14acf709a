package io.smsgateway.state;

import java.time.Duration;

import io.smsgateway.config.ConfigurationError;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long the delivery statuses of sent messages are kept (GET /messages/{sid}).
 *
 * @param ttl        SMS_STATUS_TTL: a message is forgotten this long after its last status
 * @param maxTracked SMS_STATUS_MAX_TRACKED: messages the memory store keeps at most, the least recently
 *                   touched forgotten first (redis mode: the TTL alone bounds them)
 */
@ConfigurationProperties("sms.status")
public record StatusProperties(Duration ttl, int maxTracked) {

    public StatusProperties {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new ConfigurationError("SMS_STATUS_TTL", "must be a positive duration, e.g. 7d (got '" + ttl + "')");
        }
        if (maxTracked < 1) {
            throw new ConfigurationError("SMS_STATUS_MAX_TRACKED", "must be at least 1 (got " + maxTracked + ")");
        }
    }
}
