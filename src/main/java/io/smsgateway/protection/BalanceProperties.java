package io.smsgateway.protection;

import java.math.BigDecimal;
import java.util.Locale;

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
public record BalanceProperties(String interval, BigDecimal minimum, int failureThreshold, String failMode) {

    public BalanceProperties {
        ConfigurationError.durationMillis(interval, "BALANCE_CHECK_INTERVAL");
        if (minimum == null) {
            throw new ConfigurationError("BALANCE_MINIMUM", "must be a number");
        }
        if (failureThreshold < 1) {
            throw new ConfigurationError("BALANCE_CHECK_FAILURE_THRESHOLD", "must be at least 1 (got " + failureThreshold + ")");
        }
        failMode = failMode == null ? "" : failMode.trim().toLowerCase(Locale.ROOT);
        if (!failMode.equals("open") && !failMode.equals("closed")) {
            throw new ConfigurationError("BALANCE_CHECK_FAIL_MODE", "must be open (block sends) or closed (allow them), got '" + failMode + "'");
        }
    }

    public long intervalMillis() {
        return ConfigurationError.durationMillis(interval, "BALANCE_CHECK_INTERVAL");
    }

    /** Whether sends are blocked while the balance cannot be known. */
    public boolean blocksWhenUnknown() {
        return failMode.equals("open");
    }
}
