package io.smsgateway.send;

import io.smsgateway.config.ConfigurationError;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param strictNumbers numbers must belong to an assigned range, not only have a possible length
 * @param maxBodyBytes  the largest request body read; larger ones are answered 413
 */
@ConfigurationProperties("sms.send")
public record SendProperties(boolean strictNumbers, int maxBodyBytes) {

    public SendProperties {
        if (maxBodyBytes < 1024) {
            throw new ConfigurationError("SMS_MAX_REQUEST_BYTES", "must be at least 1024 (got " + maxBodyBytes + ")");
        }
    }
}
