package io.smsgateway.send;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.message.Causes;
import io.smsgateway.message.MessageMdc;
import io.smsgateway.message.Providers;
import io.smsgateway.message.SendFailure;
import io.smsgateway.provider.ProviderCircuitOpen;
import io.smsgateway.provider.ProviderProperties;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Whether a send fails over to the secondary provider (SMS_SECONDARY_PROVIDER): only when the first
 * certainly did not accept the message — its balance circuit or health circuit was open, it could
 * not be reached before the request was written (connection refused, no route, no such host), it
 * refused our credentials (401/403) or our pace (429). Never after a timeout or a 5xx answer to a
 * written request, when the message may have gone out, nor when the provider refused the number
 * itself: a fraud or geo refusal must not be carried to the other provider.
 */
@Component("failover")
class Failover {

    private static final Logger LOG = LoggerFactory.getLogger(Failover.class);
    private static final String FROM = Providers.FAILED_OVER_FROM;
    private static final String FIRST_FAILURE = "smsFirstFailure";

    private final ProviderProperties providers;
    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    Failover(ProviderProperties providers, MeterRegistry meters) {
        this.providers = providers;
        this.meters = meters;
    }

    /**
     * The first provider's failure, kept: rethrown inside doCatch it would escape the route's error
     * handling (Camel leaves a doTry's failures to its caller) and reach the file and JMS entries raw.
     */
    public void keepFailure(Exchange exchange) {
        exchange.setProperty(FIRST_FAILURE, exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
    }

    /** The secondary provider becomes the send's, once; otherwise the kept failure stands as it was. */
    public void toSecondary(Exchange exchange) throws Exception {
        Exception caught = exchange.getProperty(FIRST_FAILURE, Exception.class);
        exchange.removeProperty(FIRST_FAILURE);
        String from = exchange.getProperty(Providers.PROPERTY, String.class);
        Optional<String> to = providers.failover().filter(secondary -> !secondary.equals(from));
        String cause = certainlyNotAccepted(Causes.unwrapped(caught));
        if (cause == null || to.isEmpty() || exchange.getProperty(FROM) != null) {
            throw caught;
        }
        counters.computeIfAbsent(from + ":" + to.get() + ":" + cause, key -> Counter.builder("sms.provider.failovers")
                .description("Sends failed over to the secondary provider, by the first one's and the cause")
                .tags("from", from, "to", to.get(), "cause", cause).register(meters)).increment();
        try (MessageMdc mdc = MessageMdc.of(exchange)) {
            LOG.info("{} did not accept the message ({}): failing over to {}", from, cause, to.get());
        }
        exchange.setProperty(FROM, from);
        exchange.setProperty(Providers.PROPERTY, to.get());
    }

    /** Why the provider certainly did not take the message, or null when it may have. */
    static String certainlyNotAccepted(Exception caught) {
        if (caught instanceof SendFailure failure) {
            return switch (failure.reason()) {
                case "balance" -> "balance_circuit";
                case "provider_auth", "account_suspended" -> "credentials";
                case "provider_throttled" -> "throttled";
                default -> null;
            };
        }
        if (caught instanceof ProviderCircuitOpen || caught instanceof CallNotPermittedException) {
            return "health_circuit";
        }
        for (Throwable cause = caught; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                    || cause instanceof UnknownHostException) {
                return "unreachable";
            }
        }
        return null;
    }
}
