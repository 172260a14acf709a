package io.smsgateway.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** A health check that costs something, made at most once per period whoever asks and however often. */
final class CachedHealth implements HealthIndicator {

    private final Supplier<Health> check;
    private final Duration period;
    private final Clock clock;
    private Health last;
    private Instant checkedAt;

    CachedHealth(Supplier<Health> check, Duration period, Clock clock) {
        this.check = check;
        this.period = period;
        this.clock = clock;
    }

    /** Callers that arrive while a check is under way wait for its outcome rather than making their own. */
    @Override
    public synchronized Health health() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(checkedAt.plus(period))) {
            last = check.get();
            checkedAt = now;
        }
        return last;
    }
}
