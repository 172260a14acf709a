package io.smsgateway.config;

import java.time.Duration;
import java.util.Set;

import org.springframework.boot.convert.DurationUnit;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;

/**
 * Binds every {@link Duration} of the service's configuration from the original's grammar, once, at
 * start-up: plain milliseconds or the {@code ms} package's strings ({@code 10 sec}, {@code 1 minute}).
 * A property annotated {@code @DurationUnit(SECONDS)} reads a plain number in seconds, as the
 * original read EXPONENTIAL_DELAY_RESET_AFTER.
 */
class MsDurationConverter implements GenericConverter {

    @Override
    public Set<ConvertiblePair> getConvertibleTypes() {
        return Set.of(new ConvertiblePair(String.class, Duration.class));
    }

    @Override
    public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
        if (source == null) {
            return null;
        }
        DurationUnit unit = targetType.getAnnotation(DurationUnit.class);
        long plainUnit = unit == null ? 1 : unit.value().getDuration().toMillis();
        try {
            return Duration.ofMillis(MsDuration.parseMillis(source.toString(), plainUnit));
        } catch (IllegalArgumentException e) {
            throw ConfigurationError.unnamed("is invalid: " + e.getMessage());
        }
    }
}
