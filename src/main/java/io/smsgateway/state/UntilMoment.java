package io.smsgateway.state;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

import com.github.benmanes.caffeine.cache.Expiry;

/**
 * A Caffeine expiry that keeps each entry until a moment of its own (by the injected clock), read
 * again after each write; reads leave it as it is.
 */
final class UntilMoment<V> implements Expiry<String, V> {

    private final LongSupplier clock;
    private final ToLongFunction<V> moment;

    UntilMoment(LongSupplier clock, ToLongFunction<V> moment) {
        this.clock = clock;
        this.moment = moment;
    }

    private long nanosLeft(V value) {
        return Duration.ofMillis(Math.max(moment.applyAsLong(value) - clock.getAsLong(), 1)).toNanos();
    }

    @Override
    public long expireAfterCreate(String key, V value, long currentTime) {
        return nanosLeft(value);
    }

    @Override
    public long expireAfterUpdate(String key, V value, long currentTime, long currentDuration) {
        return nanosLeft(value);
    }

    @Override
    public long expireAfterRead(String key, V value, long currentTime, long currentDuration) {
        return currentDuration;
    }
}
