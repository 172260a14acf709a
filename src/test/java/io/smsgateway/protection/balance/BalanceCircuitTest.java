package io.smsgateway.protection.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;

import io.smsgateway.message.Providers;
import io.smsgateway.provider.ProviderProperties;
import io.smsgateway.state.MemorySharedCircuits;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class BalanceCircuitTest {

    private static final String TWILIO = Providers.TWILIO;

    private final DefaultCamelContext context = new DefaultCamelContext();

    @Test
    void opensAtOrBelowTheMinimumAndClosesAbove() {
        BalanceCircuit circuit = circuit(BalanceProperties.FailMode.OPEN, 3);

        circuit.recordBalance(new BigDecimal("0.00"), exchange());
        assertThat(circuit.refusal(TWILIO)).hasValueSatisfying(refusal -> {
            assertThat(refusal.status()).isEqualTo(503);
            assertThat(refusal.retryAfterSeconds()).isEqualTo(15);
        });
        circuit.recordBalance(new BigDecimal("0.01"), exchange());
        assertThat(circuit.refusal(TWILIO)).isEmpty();
        assertThat(circuit.firstCheck(TWILIO)).isDone();
    }

    @Test
    void failModeOpenBlocksUntilTheFirstSuccessfulCheck() {
        BalanceCircuit circuit = circuit(BalanceProperties.FailMode.OPEN, 3);
        assertThat(circuit.firstCheck(TWILIO)).isNotDone();

        circuit.recordFailure(exchange());

        assertThat(circuit.firstCheck(TWILIO)).isDone();
        assertThat(circuit.refusal(TWILIO)).hasValueSatisfying(refusal ->
                assertThat(refusal.getMessage()).isEqualTo("the provider balance cannot be checked: sends are paused"));
    }

    @Test
    void failModeClosedAllowsUntilTheFirstSuccessfulCheck() {
        BalanceCircuit circuit = circuit(BalanceProperties.FailMode.CLOSED, 3);

        circuit.recordFailure(exchange());

        assertThat(circuit.refusal(TWILIO)).isEmpty();
    }

    @Test
    void keepsTheLastKnownStateBelowTheThresholdThenAppliesTheFailMode() {
        BalanceCircuit blocking = circuit(BalanceProperties.FailMode.OPEN, 3);
        blocking.recordBalance(BigDecimal.TEN, exchange());
        blocking.recordFailure(exchange());
        blocking.recordFailure(exchange());
        assertThat(blocking.refusal(TWILIO)).isEmpty();
        blocking.recordFailure(exchange());
        assertThat(blocking.refusal(TWILIO)).isPresent();

        BalanceCircuit allowing = circuit(BalanceProperties.FailMode.CLOSED, 2);
        allowing.recordBalance(BigDecimal.ZERO, exchange());
        allowing.recordFailure(exchange());
        assertThat(allowing.refusal(TWILIO)).as("still the last known: empty").isPresent();
        allowing.recordFailure(exchange());
        assertThat(allowing.refusal(TWILIO)).isEmpty();
    }

    @Test
    void anAccountSuspendedAnswerOpensAtOnceAndAsksForOneRecheck() {
        BalanceCircuit circuit = circuit(BalanceProperties.FailMode.OPEN, 3);
        circuit.recordBalance(BigDecimal.TEN, started(circuit));
        Exchange checkBefore = started(circuit);

        Exchange firstSuspended = exchange();
        Exchange secondSuspended = exchange();
        circuit.accountSuspended(firstSuspended);
        circuit.accountSuspended(secondSuspended);

        assertThat(circuit.refusal(TWILIO)).isPresent();
        assertThat(firstSuspended.getProperty(BalanceCircuit.RECHECK, Boolean.class)).as("a re-check starts").isTrue();
        assertThat(secondSuspended.getProperty(BalanceCircuit.RECHECK, Boolean.class)).as("one only").isFalse();
        circuit.recordBalance(BigDecimal.TEN, checkBefore);
        assertThat(circuit.refusal(TWILIO)).as("a check begun before the suspension cannot clear it").isPresent();
        circuit.recordBalance(BigDecimal.TEN, started(circuit));
        assertThat(circuit.refusal(TWILIO)).isEmpty();
    }

    @Test
    void isOffUnlessEnabledForTheConfiguredProvider() {
        BalanceCircuit off = new BalanceCircuit(new MemorySharedCircuits(), properties(BalanceProperties.FailMode.OPEN, 3),
                twilio(), new BalanceChecks(false, true));

        Exchange suspended = exchange();
        off.accountSuspended(suspended);

        assertThat(off.isEnabled()).isFalse();
        assertThat(off.firstCheck(TWILIO)).isDone();
        assertThat(off.refusal(TWILIO)).isEmpty();
        assertThat(suspended.getProperty(BalanceCircuit.RECHECK, Boolean.class)).isFalse();
    }

    private BalanceCircuit circuit(BalanceProperties.FailMode failMode, int threshold) {
        return new BalanceCircuit(new MemorySharedCircuits(), properties(failMode, threshold), twilio(),
                new BalanceChecks(true, false));
    }

    private static ProviderProperties twilio() {
        return new ProviderProperties(TWILIO, Duration.ofSeconds(10), Duration.ofSeconds(5), 10, "none",
                new ProviderProperties.Circuit(50, 10, 20, Duration.ofSeconds(30), 3));
    }

    private static BalanceProperties properties(BalanceProperties.FailMode failMode, int threshold) {
        return new BalanceProperties(Duration.ofSeconds(15), BigDecimal.ZERO, threshold, failMode);
    }

    /** A check of Twilio's balance, begun now, as the balance-check route begins it. */
    private Exchange started(BalanceCircuit circuit) {
        Exchange check = exchange();
        circuit.checkStarting(check);
        return check;
    }

    private Exchange exchange() {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(Providers.PROPERTY, TWILIO);
        return exchange;
    }
}
