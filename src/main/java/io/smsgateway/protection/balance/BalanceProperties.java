package io.smsgateway.protection.balance;

import java.math.BigDecimal;
import java.time.Duration;

import io.smsgateway.config.ConfigurationError;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param interval         BALANCE_CHECK_INTERVAL: time between balance checks
 * @param minimum          BALANCE_MINIMUM: at or below it the circuit opens and sends stop
 * @param failureThreshold BALANCE_CHECK_FAILURE_THRESHOLD: failed checks in a row before the fail mode applies
 * @param failMode         BALANCE_CHECK_FAIL_MODE: {@code open} blocks sends while the balance is unknown,
 *                         {@code closed} allows them
 */
@ConfigurationProperties("sms.balance")
public record BalanceProperties(Duration interval, BigDecimal minimum, int failureThreshold, FailMode failMode) {

    public enum FailMode { OPEN, CLOSED }

    public BalanceProperties {
        if (minimum == null) {
            throw new ConfigurationError("BALANCE_MINIMUM", "must be a number");
        }
        if (failureThreshold < 1) {
            throw new ConfigurationError("BALANCE_CHECK_FAILURE_THRESHOLD", "must be at least 1 (got " + failureThreshold + ")");
        }
    }

    /** Whether sends are blocked while the balance cannot be known. */
    boolean blocksWhenUnknown() {
        return failMode == FailMode.OPEN;
    }

    /** What a refusal tells the caller to wait: one interval, in whole seconds. */
    long retryAfterSeconds() {
        return Math.max(1, (interval.toMillis() + 999) / 1000);
    }
}
