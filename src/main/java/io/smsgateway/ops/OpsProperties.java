package io.smsgateway.ops;

import java.time.Duration;

import io.smsgateway.config.ConfigurationError;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param checkUpCache    SMS_CHECKUP_CACHE: how long /-/check-up keeps its providers' verdict before calling them again
 * @param historyInterval SMS_CONSOLE_HISTORY_INTERVAL: how often the counters the console charts are sampled
 * @param historySpan     SMS_CONSOLE_HISTORY_SPAN: how far back those samples go (GET /admin/history)
 */
@ConfigurationProperties("sms.ops")
public record OpsProperties(Duration checkUpCache, Duration historyInterval, Duration historySpan) {

    public OpsProperties {
        if (historyInterval == null || historyInterval.isNegative() || historyInterval.isZero()) {
            throw new ConfigurationError("SMS_CONSOLE_HISTORY_INTERVAL", "must be a positive duration, e.g. 10s (got '" + historyInterval + "')");
        }
        if (historySpan == null || historySpan.compareTo(historyInterval) < 0) {
            throw new ConfigurationError("SMS_CONSOLE_HISTORY_SPAN", "must be SMS_CONSOLE_HISTORY_INTERVAL or longer, e.g. 15m (got '"
                    + historySpan + "')");
        }
    }

    /** Samples kept: one per interval over the span, and the one that opens it. */
    int historySamples() {
        return (int) Math.min(10_000, historySpan.toMillis() / historyInterval.toMillis() + 1);
    }
}
