package io.smsgateway.protection;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.provider.ProviderCalls;
import io.smsgateway.provider.ProviderProperties;
import io.smsgateway.send.SendFailure;
import io.smsgateway.state.ProtectionState;
import io.smsgateway.state.ProtectionState.Circuit;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The balance circuit of the configured provider, enabled by TWILIO_EMPTY_BALANCE_CHECK or
 * KALEYRA_EMPTY_BALANCE_CHECK. The balance-check route reports each check here; the circuit opens
 * (sends stop) at or below BALANCE_MINIMUM and closes above it. When checks fail, the last known
 * state holds until BALANCE_CHECK_FAILURE_THRESHOLD failures in a row, then BALANCE_CHECK_FAIL_MODE
 * applies; it also applies until the first check succeeds.
 *
 * <p>The verdict is published to the shared state: with Redis, one instance at a time polls (a
 * lease) and the others adopt its verdict at each tick, so a fleet makes one balance call per
 * interval and every instance sees a flip within one interval.
 */
@Component("balanceCircuit")
public class BalanceCircuit {

    private static final Logger LOG = LoggerFactory.getLogger(BalanceCircuit.class);
    private static final String EXHAUSTED = "exhausted";
    private static final String UNKNOWN = "unknown";
    private static final String SUSPENDED = "suspended";
    private static final String CHECK_STARTED = "balanceCheckStarted";
    /** Header of a check asked for at once (an account-suspended answer), which every instance may make. */
    private static final String RECHECK = "SmsBalanceRecheck";

    private final ProtectionState state;
    private final BalanceProperties properties;
    private final String provider;
    private final boolean enabled;
    private final ObjectProvider<ProducerTemplate> camel;
    private final MeterRegistry meters;
    private final ProviderCalls providerCalls;
    private final CompletableFuture<Void> firstCheck = new CompletableFuture<>();
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private final AtomicReference<BigDecimal> lastBalance = new AtomicReference<>();
    private final AtomicBoolean recheckRequested = new AtomicBoolean();
    private final AtomicLong suspendedAt = new AtomicLong(System.nanoTime());
    private final AtomicReference<Circuit> current = new AtomicReference<>();
    private final String instance = UUID.randomUUID().toString();

    BalanceCircuit(ProtectionState state, BalanceProperties properties, ProviderProperties provider,
                   BalanceChecks checks, ObjectProvider<ProducerTemplate> camel, ProviderCalls providerCalls,
                   MeterRegistry meters) {
        this.state = state;
        this.providerCalls = providerCalls;
        this.properties = properties;
        this.provider = provider.name();
        this.enabled = checks.enabledFor(provider);
        this.camel = camel;
        this.meters = meters;
        if (!enabled) {
            firstCheck.complete(null);
        }
        Gauge.builder("sms.circuit.open", this, circuit -> circuit.isOpen() ? 1 : 0)
                .description("1 while sends are blocked by the balance circuit")
                .tag("provider", this.provider).register(meters);
        Gauge.builder("sms.balance", lastBalance, last -> last.get() == null ? Double.NaN : last.get().doubleValue())
                .description("The provider balance last read")
                .tag("provider", this.provider).register(meters);
    }

    /** Whether the configured provider's balance is checked at all. */
    public boolean isEnabled() {
        return enabled;
    }

    /** Whether the first check has an outcome (readiness waits for it). */
    public boolean firstCheckDone() {
        return firstCheck.isDone();
    }

    /** Completes when the first check has an outcome; sends wait for it. */
    CompletableFuture<Void> firstCheck() {
        return firstCheck;
    }

    /** Whether this instance checks the balance at this tick, or adopts the verdict another published. */
    public boolean pollsThisTurn() {
        return state.takeBalancePollerTurn(instance, 2 * properties.intervalMillis());
    }

    /** An instance that does not poll takes the fleet's verdict, once one is published. */
    public void adoptShared() {
        state.circuit().ifPresent(shared -> {
            note(shared);
            firstCheck.complete(null);
        });
    }

    /** The balance-check route's first step: when this check began. */
    public void checkStarting(Exchange exchange) {
        exchange.setProperty(CHECK_STARTED, System.nanoTime());
    }

    /** The balance-check route's report of a balance read. */
    public void recordBalance(BigDecimal balance, Exchange exchange) {
        failuresInARow.set(0);
        lastBalance.set(balance);
        boolean open = balance.compareTo(properties.minimum()) <= 0;
        long started = exchange.getProperty(CHECK_STARTED, System.nanoTime(), Long.class);
        if (!open && started - suspendedAt.get() < 0) {
            // a read from before the account-suspended answer cannot clear it; the re-check will
            LOG.debug("{} balance read predates the suspension; circuit stays open", provider);
        } else {
            publish(new Circuit(open, open ? EXHAUSTED : null));
        }
        recheckRequested.set(false);
        firstCheck.complete(null);
    }

    /** The balance-check route's report of a check that failed: no balance could be read. */
    public void recordFailure(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        providerCalls.unanswered(exchange, cause instanceof TimeoutException ? "timeout" : "unreachable");
        int failures = failuresInARow.incrementAndGet();
        meters.counter("sms.balance.check.failures", "provider", provider).increment();
        LOG.warn("{} balance check failed ({} in a row): {}", provider, failures,
                cause == null ? "no answer" : cause.getClass().getSimpleName() + ": " + cause.getMessage());
        Circuit known = current.get();
        boolean neverKnown = known == null || UNKNOWN.equals(known.reason());
        if (failures >= properties.failureThreshold() || neverKnown) {
            publish(new Circuit(properties.blocksWhenUnknown(), UNKNOWN));
        }
        recheckRequested.set(false);
        firstCheck.complete(null);
    }

    /**
     * A send refused for a suspended or inactive account (Twilio 20003, 20005) — how an empty
     * balance shows at send time: stop at once, and check the balance now.
     */
    public void accountSuspended() {
        if (!enabled) {
            return;
        }
        suspendedAt.set(System.nanoTime());
        publish(new Circuit(true, SUSPENDED));
        if (recheckRequested.compareAndSet(false, true)) {
            camel.getObject().asyncSend("direct:balance-check", exchange -> exchange.getIn().setHeader(RECHECK, true));
        }
    }

    /** The answer to a send while the circuit is open. */
    Optional<SendFailure> refusal() {
        if (!enabled) {
            return Optional.empty();
        }
        Circuit circuit = current.get();
        if (circuit == null) {
            circuit = new Circuit(properties.blocksWhenUnknown(), UNKNOWN);
        }
        if (!circuit.open()) {
            return Optional.empty();
        }
        long retryAfter = Math.max(1, (properties.intervalMillis() + 999) / 1000);
        String why = switch (circuit.reason() == null ? EXHAUSTED : circuit.reason()) {
            case UNKNOWN -> "the provider balance cannot be checked";
            case SUSPENDED -> "the provider reported the account suspended or inactive";
            default -> "the provider balance is exhausted";
        };
        return Optional.of(new SendFailure(503, "balance", why + ": sends are paused", retryAfter));
    }

    public boolean isOpen() {
        return refusal().isPresent();
    }

    private void publish(Circuit next) {
        note(next);
        // outlives a few missed ticks; a poller gone quiet for longer leaves no verdict behind
        state.publishCircuit(next, 3 * properties.intervalMillis());
    }

    private void note(Circuit next) {
        Circuit previous = current.getAndSet(next);
        if (previous == null || previous.open() != next.open()) {
            if (next.open()) {
                LOG.warn("{} balance circuit open ({}): sends are blocked", provider, next.reason());
            } else {
                LOG.info("{} balance circuit closed: sends allowed", provider);
            }
        }
    }
}
