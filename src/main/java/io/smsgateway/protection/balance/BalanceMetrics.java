package io.smsgateway.protection.balance;

import java.math.BigDecimal;
import java.util.Map;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.message.Providers;
import io.smsgateway.provider.ProviderProperties;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** sms_circuit_open, sms_balance and sms_balance_check_failures_total, by provider. */
@Component("balanceMetrics")
class BalanceMetrics {

    private final Map<String, Counter> failures;

    BalanceMetrics(BalanceCircuit circuit, ProviderProperties providers, MeterRegistry meters) {
        for (String provider : providers.inUse()) {
            Gauge.builder("sms.circuit.open", circuit, c -> c.isOpen(provider) ? 1 : 0)
                    .description("1 while sends are blocked by the balance circuit")
                    .tag("provider", provider).register(meters);
            Gauge.builder("sms.balance", circuit, c -> {
                        BigDecimal last = c.lastBalance(provider);
                        return last == null ? Double.NaN : last.doubleValue();
                    })
                    .description("The provider balance last read")
                    .tag("provider", provider).register(meters);
        }
        failures = providers.inUse().stream().collect(Collectors.toUnmodifiableMap(provider -> provider,
                provider -> Counter.builder("sms.balance.check.failures").description("Balance checks that failed")
                        .tag("provider", provider).register(meters)));
    }

    /** The balance-check route's count of a check that failed. */
    public void checkFailed(Exchange exchange) {
        failures.get(exchange.getProperty(Providers.PROPERTY, String.class)).increment();
    }
}
