package io.smsgateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/** /-/check-up's provider call: once per SMS_CHECKUP_CACHE, however many ask. */
class CachedHealthTest {

    private Instant now = Instant.parse("2026-11-30T12:00:00Z");
    private final AtomicInteger calls = new AtomicInteger();
    private Health verdict = Health.up().build();
    private final CachedHealth health = new CachedHealth(() -> {
        calls.incrementAndGet();
        return verdict;
    }, Duration.ofSeconds(30), new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    });

    @Test
    void callsTheProviderOncePerPeriodWhoeverAsks() {
        for (int i = 0; i < 40; i++) {
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        }
        assertThat(calls).hasValue(1);

        verdict = Health.down().build();
        now = now.plusSeconds(29);
        assertThat(health.health().getStatus()).as("still the cached verdict").isEqualTo(Status.UP);
        now = now.plusSeconds(1);
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(calls).hasValue(2);
    }
}
