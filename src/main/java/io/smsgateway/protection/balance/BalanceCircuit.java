package io.smsgateway.protection.balance;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.smsgateway.message.Providers;
import io.smsgateway.message.SendFailure;
import io.smsgateway.provider.ProviderProperties;
import io.smsgateway.state.SharedCircuits;
import io.smsgateway.state.SharedCircuits.Circuit;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The balance circuit of each provider whose check is on (TWILIO_EMPTY_BALANCE_CHECK,
 * KALEYRA_EMPTY_BALANCE_CHECK): the balance routes report here, the balance guard asks here. Each
 * verdict is published to the shared state, where the other instances of a fleet adopt it.
 */
@Component("balanceCircuit")
public class BalanceCircuit {

    /** Set while a check is being made: its number in its provider's sequence of checks. */
    private static final String CHECK = "balanceCheck";
    /** Set by {@link #accountSuspended}: true when a re-check is to start now. */
    public static final String RECHECK = "balanceRecheck";
    private static final Logger LOG = LoggerFactory.getLogger(BalanceCircuit.class);

    private final SharedCircuits shared;
    private final long publishedForMillis;
    private final Map<String, BalanceVerdict> verdicts;
    private final Map<String, CompletableFuture<Void>> firstChecks;
    private final Set<String> rechecksUnderWay = ConcurrentHashMap.newKeySet();

    BalanceCircuit(SharedCircuits shared, BalanceProperties properties, ProviderProperties provider, BalanceChecks checks) {
        this.shared = shared;
        // outlives a few missed ticks; a poller gone quiet for longer leaves no verdict behind
        this.publishedForMillis = 3 * properties.interval().toMillis();
        this.verdicts = provider.inUse().stream().filter(checks::enabledFor)
                .collect(Collectors.toUnmodifiableMap(name -> name, name -> new BalanceVerdict(properties)));
        this.firstChecks = verdicts.keySet().stream()
                .collect(Collectors.toUnmodifiableMap(name -> name, name -> new CompletableFuture<>()));
    }

    /** The providers whose balance is checked: balance-timer runs only when there is one. */
    public Set<String> checked() {
        return verdicts.keySet();
    }

    public boolean isEnabled() {
        return !verdicts.isEmpty();
    }

    /** Whether every first check has an outcome (readiness waits for them). */
    public boolean firstChecksDone() {
        return firstChecks.values().stream().allMatch(CompletableFuture::isDone);
    }

    /** Completes when the provider's first check has an outcome; its sends wait for it. */
    CompletableFuture<Void> firstCheck(String provider) {
        CompletableFuture<Void> first = firstChecks.get(provider);
        return first != null ? first : CompletableFuture.completedFuture(null);
    }

    /** The balance-check route's first step, when this instance checks. */
    public void checkStarting(Exchange exchange) {
        exchange.setProperty(CHECK, verdicts.get(provider(exchange)).checkStarting());
    }

    /** The balance-check route's report of a balance read. */
    public void recordBalance(BigDecimal balance, Exchange exchange) {
        String provider = provider(exchange);
        BalanceVerdict verdict = verdicts.get(provider);
        Circuit previous = verdict.current();
        verdict.balanceRead(balance, exchange.getProperty(CHECK, 0L, Long.class))
                .ifPresentOrElse(circuit -> publish(provider, previous, circuit),
                        () -> LOG.debug("{} balance read predates the suspension; circuit stays open", provider));
        checked(provider);
    }

    /** The balance-check route's report of a check that failed: no balance could be read. */
    public void recordFailure(Exchange exchange) {
        String provider = provider(exchange);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("{} balance check failed: {}", provider,
                cause == null ? "no answer" : cause.getClass().getSimpleName() + ": " + cause.getMessage());
        BalanceVerdict verdict = verdicts.get(provider);
        Circuit previous = verdict.current();
        verdict.checkFailed().ifPresent(circuit -> publish(provider, previous, circuit));
        checked(provider);
    }

    /**
     * A send refused for a suspended or inactive account (Twilio 20003, 20005) — how an empty balance
     * shows at send time: the circuit opens at once, and a re-check is asked for unless one is under way.
     */
    public void accountSuspended(Exchange exchange) {
        String provider = provider(exchange);
        BalanceVerdict verdict = verdicts.get(provider);
        if (verdict == null) {
            exchange.setProperty(RECHECK, false);
            return;
        }
        Circuit previous = verdict.current();
        publish(provider, previous, verdict.suspended());
        exchange.setProperty(RECHECK, rechecksUnderWay.add(provider));
    }

    /** Another instance's verdict, published to the fleet, taken as this instance's. */
    void adopt(String provider, Circuit circuit) {
        BalanceVerdict verdict = verdicts.get(provider);
        note(provider, verdict.current(), circuit);
        verdict.adopt(circuit);
        firstChecks.get(provider).complete(null);
    }

    /** The answer to a send to {@code provider} while its circuit is open. */
    Optional<SendFailure> refusal(String provider) {
        BalanceVerdict verdict = verdicts.get(provider);
        return verdict == null ? Optional.empty() : verdict.refusal();
    }

    public boolean isOpen(String provider) {
        return refusal(provider).isPresent();
    }

    BigDecimal lastBalance(String provider) {
        BalanceVerdict verdict = verdicts.get(provider);
        return verdict == null ? null : verdict.lastBalance();
    }

    private void checked(String provider) {
        rechecksUnderWay.remove(provider);
        firstChecks.get(provider).complete(null);
    }

    private void publish(String provider, Circuit previous, Circuit next) {
        note(provider, previous, next);
        shared.publish(provider, next, publishedForMillis);
    }

    private static void note(String provider, Circuit previous, Circuit next) {
        if (previous == null || previous.open() != next.open()) {
            if (next.open()) {
                LOG.warn("{} balance circuit open ({}): sends are blocked", provider, next.reason());
            } else {
                LOG.info("{} balance circuit closed: sends allowed", provider);
            }
        }
    }

    private static String provider(Exchange exchange) {
        return exchange.getProperty(Providers.PROPERTY, String.class);
    }
}
