package io.smsgateway.protection.rate;

import java.time.Duration;

import io.smsgateway.config.ConfigurationError;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param maxRequests RATE_LIMIT_MAX_REQUESTS: sends allowed per window, above zero
 * @param timeWindow  RATE_LIMIT_TIME_WINDOW: milliseconds or an {@code ms} duration ("1 minute")
 */
@ConfigurationProperties("sms.rate-limit")
public record RateLimitProperties(int maxRequests, Duration timeWindow) {

    public RateLimitProperties {
        if (maxRequests <= 0) {
            throw new ConfigurationError("RATE_LIMIT_MAX_REQUESTS", "must be greater than zero (got " + maxRequests + ")");
        }
    }
}
