package io.smsgateway.provider;

import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.message.Providers;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Each provider's health circuit: a Resilience4j circuit breaker per provider call route
 * (routes/provider-call.camel.yaml), opened by connection failures, timeouts and 5xx answers, with
 * {@code sms_provider_circuit_open{provider}}: 0 closed, 0.5 half-open (probing), 1 open.
 * <p>
 * Used through its own two steps, a permit before the call and the outcome after it, rather than
 * Camel's Circuit Breaker EIP: in Camel 4.18 that EIP waits for the call on the calling thread
 * (CAMEL-24209, asynchronous only in later releases), so a slow provider held one thread per send
 * and 200 sends in flight starved the HTTP entry's worker threads for good.
 */
@Component("providerHealth")
class ProviderHealth {

    private static final String ADMITTED = "smsProviderCircuitAdmitted";
    private static final String SET_ASIDE = "smsProviderCircuitSetAside";
    private static final String OUTAGE = "smsProviderCircuitOutage";

    private final CircuitBreakerRegistry circuits;

    ProviderHealth(ProviderProperties providers, MeterRegistry meters) {
        ProviderProperties.Circuit circuit = providers.circuit();
        this.circuits = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(circuit.failureRate())
                .minimumNumberOfCalls(circuit.minimumCalls())
                .slidingWindowSize(circuit.window())
                .waitDurationInOpenState(circuit.openTime())
                .permittedNumberOfCallsInHalfOpenState(circuit.halfOpenCalls())
                .build());
        for (String provider : providers.inUse()) {
            if (!provider.equals(Providers.CONSOLE)) {
                Gauge.builder("sms.provider.circuit.open", circuits, registry -> state(registry.circuitBreaker("provider-" + provider)))
                        .description("Each provider's health circuit: 0 closed, 0.5 half-open, 1 open")
                        .tag("provider", provider).register(meters);
            }
        }
    }

    /** Before the call: a permit of the route's circuit, or {@link ProviderCircuitOpen} and no call. */
    public void admit(Exchange exchange, String route) {
        if (!circuits.circuitBreaker(route).tryAcquirePermission()) {
            throw new ProviderCircuitOpen(exchange.getProperty(Providers.PROPERTY, String.class));
        }
        exchange.setProperty(ADMITTED, System.nanoTime());
    }

    /**
     * The call's doCatch: the provider answered and refused (the message, our credentials, our pace),
     * which is no outage — kept aside for {@link #settle}, which counts the call a success.
     */
    public void setRefusalAside(Exchange exchange) {
        exchange.setProperty(SET_ASIDE, exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
    }

    /** The call's doCatch: no answer in time, no connection, a 5xx — an outage, counted against the circuit. */
    public void setOutageAside(Exchange exchange) {
        setRefusalAside(exchange);
        exchange.setProperty(OUTAGE, true);
    }

    /** After the call: its outcome counted by the route's circuit, then what was set aside raised as it was. */
    public void settle(Exchange exchange, String route) throws Exception {
        Exception failure = exchange.getProperty(SET_ASIDE, Exception.class);
        boolean outage = exchange.getProperty(OUTAGE, false, Boolean.class);
        Long admitted = exchange.getProperty(ADMITTED, Long.class);
        // by name: removeProperties(pattern) compiles a regular expression per property on every send
        exchange.removeProperty(ADMITTED);
        exchange.removeProperty(SET_ASIDE);
        exchange.removeProperty(OUTAGE);
        if (admitted != null) {
            CircuitBreaker circuit = circuits.circuitBreaker(route);
            long took = System.nanoTime() - admitted;
            if (outage) {
                circuit.onError(took, TimeUnit.NANOSECONDS, failure);
            } else {
                circuit.onSuccess(took, TimeUnit.NANOSECONDS);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static double state(CircuitBreaker circuit) {
        return switch (circuit.getState()) {
            case CLOSED, DISABLED, METRICS_ONLY -> 0;
            case HALF_OPEN -> 0.5;
            default -> 1;
        };
    }
}
