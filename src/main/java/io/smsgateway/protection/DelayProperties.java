package io.smsgateway.protection;

import io.smsgateway.config.ConfigurationError;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param resetAfter        EXPONENTIAL_DELAY_RESET_AFTER: seconds of quiet after a number's last release that
 *                          restart its schedule (the original's variable and unit)
 * @param base              EXPONENTIAL_DELAY_BASE: the first gap; each next one doubles
 * @param maxWait           EXPONENTIAL_DELAY_MAX_WAIT: longest hold; later releases are refused with 429
 * @param maxTrackedNumbers SMS_DELAY_MAX_TRACKED_NUMBERS: numbers whose schedule is kept in memory at most
 */
@ConfigurationProperties("sms.delay")
public record DelayProperties(int resetAfter, String base, String maxWait, int maxTrackedNumbers) {

    public DelayProperties {
        if (resetAfter <= 0) {
            throw new ConfigurationError("EXPONENTIAL_DELAY_RESET_AFTER", "must be a number of seconds above zero (got " + resetAfter + ")");
        }
        ConfigurationError.durationMillis(base, "EXPONENTIAL_DELAY_BASE");
        ConfigurationError.durationMillis(maxWait, "EXPONENTIAL_DELAY_MAX_WAIT");
        if (maxTrackedNumbers < 1) {
            throw new ConfigurationError("SMS_DELAY_MAX_TRACKED_NUMBERS", "must be at least 1 (got " + maxTrackedNumbers + ")");
        }
    }

    public long resetAfterMillis() {
        return resetAfter * 1000L;
    }

    public long baseMillis() {
        return ConfigurationError.durationMillis(base, "EXPONENTIAL_DELAY_BASE");
    }

    public long maxWaitMillis() {
        return ConfigurationError.durationMillis(maxWait, "EXPONENTIAL_DELAY_MAX_WAIT");
    }
}
