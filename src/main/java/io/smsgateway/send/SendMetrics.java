package io.smsgateway.send;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.message.Providers;
import io.smsgateway.message.SendFailure;
import io.smsgateway.provider.ProviderProperties;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * {@code sms_sends_total{provider, outcome}} for every send, and {@code sms_rejections_total{reason}}
 * for the gateway's own refusals, before any provider call.
 */
@Component("sendMetrics")
class SendMetrics {

    /** Refusals by the gateway itself, before any provider call, by reason. */
    private static final Set<String> REFUSALS = Set.of("validation", "unauthorized", "fraud", "rate_limit", "number_delay",
            "balance", "state_unavailable", "shutting_down", "idempotency_in_flight", "idempotency_mismatch");

    private final MeterRegistry meters;
    private final String primary;
    // a handful of fixed series, looked up once each rather than on every answer
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    SendMetrics(MeterRegistry meters, ProviderProperties providers) {
        this.meters = meters;
        this.primary = providers.name();
    }

    /** The provider accepted the message. */
    public void sent(Exchange exchange) {
        sends(exchange, "sent");
    }

    /** The send ended with {@link SendFailure#PROPERTY}: refused by the gateway, or failed at the provider. */
    public void failed(Exchange exchange) {
        String reason = exchange.getProperty(SendFailure.PROPERTY, SendFailure.class).reason();
        if (REFUSALS.contains(reason)) {
            counters.computeIfAbsent("rejections:" + reason, key -> meters.counter("sms.rejections", "reason", reason)).increment();
            sends(exchange, "refused");
        } else {
            sends(exchange, "failed");
        }
    }

    private void sends(Exchange exchange, String outcome) {
        String provider = exchange.getProperty(Providers.PROPERTY, primary, String.class);
        counters.computeIfAbsent("sends:" + provider + ":" + outcome,
                key -> meters.counter("sms.sends", "provider", provider, "outcome", outcome)).increment();
    }
}
