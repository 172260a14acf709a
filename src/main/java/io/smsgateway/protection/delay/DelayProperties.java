package io.smsgateway.protection.delay;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * @param resetAfter EXPONENTIAL_DELAY_RESET_AFTER: quiet after a number's last release that restarts its
 *                   schedule; a plain number counts seconds, the original's unit
 * @param base       EXPONENTIAL_DELAY_BASE: the first gap; each next one doubles
 * @param maxWait    EXPONENTIAL_DELAY_MAX_WAIT: longest hold; later releases are refused with 429
 */
@ConfigurationProperties("sms.delay")
public record DelayProperties(@DurationUnit(ChronoUnit.SECONDS) Duration resetAfter, Duration base, Duration maxWait) {
}
