package io.smsgateway.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.math.BigDecimal;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smsgateway.provider.ProviderCalls;
import io.smsgateway.provider.ProviderProperties;
import io.smsgateway.state.MemoryProtectionState;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class BalanceCircuitTest {

    private final ProducerTemplate camel = mock(ProducerTemplate.class);
    private final DefaultCamelContext context = new DefaultCamelContext();

    @Test
    void opensAtOrBelowTheMinimumAndClosesAbove() {
        BalanceCircuit circuit = circuit("open", 3);

        circuit.recordBalance(new BigDecimal("0.00"), exchange());
        assertThat(circuit.refusal()).hasValueSatisfying(refusal -> {
            assertThat(refusal.status()).isEqualTo(503);
            assertThat(refusal.retryAfterSeconds()).isEqualTo(15);
        });
        circuit.recordBalance(new BigDecimal("0.01"), exchange());
        assertThat(circuit.refusal()).isEmpty();
        assertThat(circuit.firstCheck()).isDone();
    }

    @Test
    void failModeOpenBlocksUntilTheFirstSuccessfulCheck() {
        BalanceCircuit circuit = circuit("open", 3);
        assertThat(circuit.firstCheck()).isNotDone();

        circuit.recordFailure(exchange());

        assertThat(circuit.firstCheck()).isDone();
        assertThat(circuit.refusal()).hasValueSatisfying(refusal ->
                assertThat(refusal.getMessage()).isEqualTo("the provider balance cannot be checked: sends are paused"));
    }

    @Test
    void failModeClosedAllowsUntilTheFirstSuccessfulCheck() {
        BalanceCircuit circuit = circuit("closed", 3);

        circuit.recordFailure(exchange());

        assertThat(circuit.refusal()).isEmpty();
    }

    @Test
    void keepsTheLastKnownStateBelowTheThresholdThenAppliesTheFailMode() {
        BalanceCircuit blocking = circuit("open", 3);
        blocking.recordBalance(BigDecimal.TEN, exchange());
        blocking.recordFailure(exchange());
        blocking.recordFailure(exchange());
        assertThat(blocking.refusal()).isEmpty();
        blocking.recordFailure(exchange());
        assertThat(blocking.refusal()).isPresent();

        BalanceCircuit allowing = circuit("closed", 2);
        allowing.recordBalance(BigDecimal.ZERO, exchange());
        allowing.recordFailure(exchange());
        assertThat(allowing.refusal()).as("still the last known: empty").isPresent();
        allowing.recordFailure(exchange());
        assertThat(allowing.refusal()).isEmpty();
    }

    @Test
    void anAccountSuspendedAnswerOpensAtOnceAndAsksForOneRecheck() {
        BalanceCircuit circuit = circuit("open", 3);
        circuit.recordBalance(BigDecimal.TEN, exchange());
        Exchange checkBefore = exchange();
        circuit.checkStarting(checkBefore);

        circuit.accountSuspended();
        circuit.accountSuspended();

        assertThat(circuit.refusal()).isPresent();
        verify(camel, times(1)).asyncSend(eq("direct:balance-check"), any(Processor.class));
        circuit.recordBalance(BigDecimal.TEN, checkBefore);
        assertThat(circuit.refusal()).as("a check begun before the suspension cannot clear it").isPresent();
        Exchange recheck = exchange();
        circuit.checkStarting(recheck);
        circuit.recordBalance(BigDecimal.TEN, recheck);
        assertThat(circuit.refusal()).isEmpty();
    }

    @Test
    void isOffUnlessEnabledForTheConfiguredProvider() {
        ProviderProperties twilio = new ProviderProperties("twilio", "10s", "5s", 10);
        BalanceCircuit off = new BalanceCircuit(new MemoryProtectionState(1000, 10, System::currentTimeMillis),
                properties("open", 3), twilio, new BalanceChecks(false, true), beans(), calls(twilio), new SimpleMeterRegistry());

        off.accountSuspended();

        assertThat(off.isEnabled()).isFalse();
        assertThat(off.firstCheck()).isDone();
        assertThat(off.refusal()).isEmpty();
    }

    private BalanceCircuit circuit(String failMode, int threshold) {
        ProviderProperties twilio = new ProviderProperties("twilio", "10s", "5s", 10);
        return new BalanceCircuit(new MemoryProtectionState(1000, 10, System::currentTimeMillis),
                properties(failMode, threshold), twilio, new BalanceChecks(true, false), beans(), calls(twilio), new SimpleMeterRegistry());
    }

    private static ProviderCalls calls(ProviderProperties provider) {
        return new ProviderCalls(new SimpleMeterRegistry(), provider);
    }

    private static BalanceProperties properties(String failMode, int threshold) {
        return new BalanceProperties("15s", BigDecimal.ZERO, threshold, failMode);
    }

    private org.springframework.beans.factory.ObjectProvider<ProducerTemplate> beans() {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("producerTemplate", camel);
        return beans.getBeanProvider(ProducerTemplate.class);
    }

    private Exchange exchange() {
        return new DefaultExchange(context);
    }
}
