package io.smsgateway.ops;

import java.time.Duration;

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
            throw new IllegalArgumentException("SMS_CONSOLE_HISTORY_INTERVAL must be a positive duration");
        }
        if (historySpan == null || historySpan.compareTo(historyInterval) < 0) {
            throw new IllegalArgumentException("SMS_CONSOLE_HISTORY_SPAN must be at least SMS_CONSOLE_HISTORY_INTERVAL");
        }
    }

    /** Samples kept: one per interval over the span, and the one that opens it. */
    int historySamples() {
        return (int) Math.min(10_000, historySpan.toMillis() / historyInterval.toMillis() + 1);
    }
}
