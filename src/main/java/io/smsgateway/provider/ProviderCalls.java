package io.smsgateway.provider;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smsgateway.message.Causes;
import io.smsgateway.message.Providers;
import io.vertx.core.VertxException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Latency of the calls to the providers, {@code sms_provider_request_seconds{provider, operation,
 * outcome}}, with buckets from 10 ms to 10 s. Outcomes are a handful of words, never a URI.
 */
@Component("providerCalls")
public class ProviderCalls {

    private static final String STARTED = "smsProviderCallStarted";
    private static final String OPERATION = "smsProviderCallOperation";
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry meters;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public ProviderCalls(MeterRegistry meters) {
        this.meters = meters;
    }

    /**
     * The request of an adapter, about to leave: its headers, a JSON answer asked for, a form body or
     * none; the call is timed from now.
     *
     * @param operation {@code send} or {@code balance}
     */
    public void request(Exchange exchange, String operation, Map<String, String> headers, String form) {
        Message message = exchange.getMessage();
        headers.forEach(message::setHeader);
        message.setHeader("Accept", "application/json");
        if (form != null) {
            message.setHeader(Exchange.CONTENT_TYPE, FormBody.CONTENT_TYPE);
        }
        message.setBody(form);
        exchange.setProperty(STARTED, System.nanoTime());
        exchange.setProperty(OPERATION, operation);
    }

    /** The provider's answer, as the vertx-http producer left it; the call's latency is recorded by its status. */
    public ProviderAnswer answer(Exchange exchange) {
        ProviderAnswer answer = ProviderAnswer.read(exchange);
        record(exchange, answer.status() / 100 + "xx");
        return answer;
    }

    /**
     * A route's failure step: a call that ended without an answer is timed as {@code timeout} or
     * {@code unreachable}; nothing is recorded when no call was under way or it was answered.
     */
    public void unanswered(Exchange exchange) {
        Exception cause = Causes.unwrapped(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        if (cause instanceof TimeoutException) {
            record(exchange, "timeout");
        } else if (cause instanceof IOException || cause instanceof VertxException) {
            record(exchange, "unreachable");
        }
    }

    private void record(Exchange exchange, String outcome) {
        Long started = exchange.getProperty(STARTED, Long.class);
        if (started == null) {
            return;
        }
        exchange.removeProperty(STARTED);
        String provider = exchange.getProperty(Providers.PROPERTY, "unknown", String.class);
        String operation = exchange.getProperty(OPERATION, "send", String.class);
        timers.computeIfAbsent(provider + ":" + operation + ":" + outcome, key -> Timer.builder("sms.provider.request")
                        .description("Calls to the SMS provider, by operation and outcome")
                        .tags("provider", provider, "operation", operation, "outcome", outcome)
                        .serviceLevelObjectives(BUCKETS)
                        .register(meters))
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
}
