package io.smsgateway.provider;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.message.Providers;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.springframework.stereotype.Component;

/**
 * {@code sms_provider_circuit_open{provider}}: each provider's health circuit, read from the circuit
 * breaker of its route (routes/provider-call.camel.yaml, id {@code circuit-provider-<name>}): 0 closed,
 * 0.5 half-open (probing), 1 open.
 */
@Component
class ProviderCircuits {

    ProviderCircuits(ProviderProperties providers, CamelContext camel, MeterRegistry meters) {
        for (String provider : providers.inUse()) {
            if (provider.equals(Providers.CONSOLE)) {
                continue;
            }
            Gauge.builder("sms.provider.circuit.open", camel, context -> state(context, provider))
                    .description("Each provider's health circuit: 0 closed, 0.5 half-open, 1 open")
                    .tag("provider", provider).register(meters);
        }
    }

    private static double state(CamelContext camel, String provider) {
        Route route = camel.getRoute("provider-" + provider);
        // a templated route's node ids carry a prefix of Camel's own (route-13circuit-provider-twilio)
        ResilienceProcessor circuit = route == null ? null : route.filter("*").stream()
                .filter(node -> node instanceof ResilienceProcessor circuitOf
                        && circuitOf.getId() != null && circuitOf.getId().endsWith("circuit-provider-" + provider))
                .map(ResilienceProcessor.class::cast).findFirst().orElse(null);
        if (circuit == null || circuit.getCircuitBreaker() == null) {
            return Double.NaN;
        }
        CircuitBreaker.State state = circuit.getCircuitBreaker().getState();
        return switch (state) {
            case CLOSED, DISABLED -> 0;
            case HALF_OPEN -> 0.5;
            default -> 1;
        };
    }
}
