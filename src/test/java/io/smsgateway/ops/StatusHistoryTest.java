package io.smsgateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smsgateway.support.SettableClock;
import org.junit.jupiter.api.Test;

/**
 * The console's history: a ring of one sample per interval over the span, never more, each the
 * totals since start — refusals with fraud split by the rule that refused.
 */
class StatusHistoryTest {

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-30T15:00:00Z"));
    private final StatusHistory history = new StatusHistory(new StatusCounters(meters),
            new OpsProperties(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMinutes(15)), clock);

    @Test
    void keepsOneSamplePerIntervalOverTheSpanAndNoMore() {
        for (int tick = 0; tick < 200; tick++) {
            sent().increment();
            history.sample();
            clock.advance(Duration.ofSeconds(10));
        }

        assertThat(history.samples()).hasSize(91);
        assertThat(history.samples().get(0).at()).isEqualTo(Instant.parse("2026-11-30T15:18:10Z"));
        assertThat(history.samples().get(90).at()).isEqualTo(Instant.parse("2026-11-30T15:33:10Z"));
        assertThat(history.samples().get(90).sends()).isEqualTo(Map.of("sent", 200L));
    }

    @Test
    void splitsFraudRefusalsByTheRuleThatRefused() {
        meters.counter("sms.rejections", "reason", "fraud").increment(5);
        meters.counter("sms.rejections", "reason", "rate_limit").increment(2);
        meters.counter("sms.fraud.decisions", "rule", "adjacent", "action", "block", "country", "GB").increment(3);
        meters.counter("sms.fraud.decisions", "rule", "adjacent", "action", "block", "country", "FR").increment(1);
        meters.counter("sms.fraud.decisions", "rule", "number_type", "action", "block", "country", "GB").increment(1);
        meters.counter("sms.fraud.decisions", "rule", "unverified", "action", "monitor", "country", "GB").increment(7);

        history.sample();

        assertThat(history.samples().get(0).refusals())
                .isEqualTo(Map.of("fraud: adjacent", 4L, "fraud: number_type", 1L, "rate_limit", 2L));
    }

    @Test
    void refusesAnIntervalLongerThanTheSpan() {
        assertThatThrownBy(() -> new OpsProperties(Duration.ofSeconds(30), Duration.ofMinutes(20), Duration.ofMinutes(15)))
                .hasMessageContaining("SMS_CONSOLE_HISTORY_SPAN");
    }

    private Counter sent() {
        return meters.counter("sms.sends", "provider", "twilio", "outcome", "sent");
    }
}
