package io.smsgateway.send;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import io.smsgateway.message.Causes;
import io.smsgateway.message.MessageMdc;
import io.smsgateway.message.SendFailure;
import io.smsgateway.protection.rate.RateBudget;
import io.smsgateway.provider.ProviderCircuitOpen;
import io.smsgateway.provider.ProviderProperties;
import io.smsgateway.state.StateUnavailable;
import io.vertx.core.VertxException;
import org.apache.camel.Exchange;
import org.apache.camel.processor.ThrottlerRejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Names the failure a send is answered with, whatever was thrown: the error handling's first step.
 * A {@link SendFailure} says it itself; the rest are mapped here, and what may have reached a
 * provider or is a bug is logged.
 */
@Component("sendFailures")
class SendFailures {

    private static final Logger LOG = LoggerFactory.getLogger(SendFailures.class);

    private final RateBudget rateBudget;
    private final long circuitOpenSeconds;

    SendFailures(RateBudget rateBudget, ProviderProperties providers) {
        this.rateBudget = rateBudget;
        this.circuitOpenSeconds = Math.max(1, providers.circuit().openTime().toSeconds());
    }

    /** Sets {@link SendFailure#PROPERTY} from the exception caught. */
    public void name(Exchange exchange) {
        Exception caught = Causes.unwrapped(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        SendFailure failure = of(caught);
        exchange.setProperty(SendFailure.PROPERTY, failure);
        log(exchange, failure, caught);
    }

    private SendFailure of(Exception caught) {
        if (caught instanceof SendFailure failure) {
            return failure;
        }
        if (caught instanceof ThrottlerRejectedExecutionException) {
            return rateBudget.refusal();
        }
        if (caught instanceof StateUnavailable) {
            return new SendFailure(503, "state_unavailable", "the shared protection state cannot be reached: sends are paused", 1L);
        }
        if (caught instanceof ProviderCircuitOpen) {
            return new SendFailure(503, "provider_circuit", "the SMS provider is failing: sends are paused; retry later", circuitOpenSeconds);
        }
        if (caught instanceof TimeoutException) {
            return new SendFailure(504, "provider_timeout",
                    "the SMS provider did not answer in time; the message may or may not have been sent", null);
        }
        if (caught instanceof IOException || caught instanceof VertxException) {
            return new SendFailure(502, "provider_unreachable", "the SMS provider could not be reached", null);
        }
        return new SendFailure(500, "internal", "internal error", null);
    }

    // refusals come by the thousand in an attack: no MDC nor masking for a line not written
    private static void log(Exchange exchange, SendFailure failure, Exception caught) {
        boolean failed = failure.status() >= 500;
        if (!failed && !LOG.isDebugEnabled()) {
            return;
        }
        try (MessageMdc mdc = MessageMdc.of(exchange)) {
            String receiver = MessageMdc.maskedReceiver(exchange);
            if (failure.status() == 500) {
                LOG.error("send failed unexpectedly: receiver={}", receiver == null ? "-" : receiver, caught);
            } else if (failed) {
                LOG.warn("send failed: {} {} receiver={}{}", failure.status(), failure.reason(), receiver == null ? "-" : receiver,
                        caught instanceof SendFailure ? "" : ": " + caught.getClass().getSimpleName());
            } else {
                LOG.debug("send refused: {} {} receiver={}", failure.status(), failure.reason(), receiver == null ? "-" : receiver);
            }
        }
    }
}
