package io.smsgateway.state;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.send.SendFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * Redis, and what happens while it cannot be reached (SMS_STATE_FAILURE_MODE): {@code closed}
 * refuses sends with 503; {@code local} falls back to this instance's memory, counted and logged.
 * Every call tries Redis first, so service resumes by itself once Redis is back.
 */
class FailoverProtectionState implements ProtectionState {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverProtectionState.class);

    private final ProtectionState redis;
    private final ProtectionState memory;
    private final boolean fallBackToMemory;
    private final Counter fallbacks;
    private final Counter failures;
    private final AtomicBoolean unreachable = new AtomicBoolean();

    FailoverProtectionState(ProtectionState redis, ProtectionState memory, boolean fallBackToMemory, MeterRegistry meters) {
        this.redis = redis;
        this.memory = memory;
        this.fallBackToMemory = fallBackToMemory;
        this.fallbacks = Counter.builder("sms.state.fallbacks")
                .description("Operations served from local memory while Redis was unreachable").register(meters);
        this.failures = Counter.builder("sms.state.failures")
                .description("Operations on the shared state that failed because Redis was unreachable").register(meters);
    }

    @Override
    public RatePermit spendRatePermit(int limit, long windowMillis, long inFlightMillis) {
        return call(() -> redis.spendRatePermit(limit, windowMillis, inFlightMillis),
                () -> memory.spendRatePermit(limit, windowMillis, inFlightMillis));
    }

    /** The ticket is known to the side that granted it; the other ignores it. */
    @Override
    public void settleRatePermit(String ticket) {
        memory.settleRatePermit(ticket);
        callOrElse(() -> {
            redis.settleRatePermit(ticket);
            return null;
        }, () -> null);
    }

    @Override
    public RatePermit rateStatus(int limit, long windowMillis) {
        return call(() -> redis.rateStatus(limit, windowMillis), () -> memory.rateStatus(limit, windowMillis));
    }

    @Override
    public DelayReservation reserveRelease(String receiver, DelayPolicy policy) {
        return call(() -> redis.reserveRelease(receiver, policy), () -> memory.reserveRelease(receiver, policy));
    }

    @Override
    public DelayReservation peekRelease(String receiver, DelayPolicy policy) {
        return call(() -> redis.peekRelease(receiver, policy), () -> memory.peekRelease(receiver, policy));
    }

    // the circuit is never a reason to refuse: without Redis each instance keeps its own verdict

    @Override
    public Optional<Circuit> circuit() {
        return callOrElse(redis::circuit, memory::circuit);
    }

    @Override
    public void publishCircuit(Circuit circuit, long ttlMillis) {
        memory.publishCircuit(circuit, ttlMillis);
        callOrElse(() -> {
            redis.publishCircuit(circuit, ttlMillis);
            return null;
        }, () -> null);
    }

    @Override
    public boolean takeBalancePollerTurn(String instance, long leaseMillis) {
        // with Redis away, each instance checks for itself rather than no one
        return callOrElse(() -> redis.takeBalancePollerTurn(instance, leaseMillis), () -> true);
    }

    private <T> T call(Supplier<T> shared, Supplier<T> local) {
        try {
            T answer = shared.get();
            if (unreachable.compareAndSet(true, false)) {
                LOG.info("Redis reachable again: the protections use the shared state");
            }
            return answer;
        } catch (DataAccessException e) {
            failures.increment();
            if (unreachable.compareAndSet(false, true)) {
                LOG.warn("Redis unreachable ({}): {}", e.getClass().getSimpleName(),
                        fallBackToMemory ? "protections fall back to this instance's memory" : "sends are refused with 503");
            }
            if (!fallBackToMemory) {
                throw new SendFailure(503, "state_unavailable",
                        "the shared protection state cannot be reached: sends are paused", 1L);
            }
            fallbacks.increment();
            return local.get();
        }
    }

    private <T> T callOrElse(Supplier<T> shared, Supplier<T> otherwise) {
        try {
            return call(shared, otherwise);
        } catch (SendFailure closed) {
            return otherwise.get();
        }
    }
}
