package io.smsgateway.send;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.ops.MessageMdc;
import io.smsgateway.ops.RequestIds;
import io.smsgateway.protection.RateBudget;
import io.smsgateway.provider.ProviderCalls;
import io.smsgateway.provider.ProviderProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the pipeline's outcome — the original's success or error shape, with its HTTP status — for
 * every entry: HTTP answers it, JMS replies with it, file ingestion reports it.
 */
@Component("sendAnswers")
class SendAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(SendAnswers.class);
    // JavaScript's Date.toISOString(), which the original's dateEvent came from.
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Refusals by the gateway itself, before any provider call, by reason. */
    private static final Set<String> REFUSALS = Set.of("validation", "unauthorized", "rate_limit", "number_delay",
            "balance", "state_unavailable", "shutting_down");

    private final RateBudget rateBudget;
    private final ProviderCalls providerCalls;
    private final MeterRegistry meters;
    private final String provider;
    // a handful of fixed series, looked up once each rather than on every answer
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    SendAnswers(RateBudget rateBudget, ProviderCalls providerCalls, MeterRegistry meters, ProviderProperties provider) {
        this.rateBudget = rateBudget;
        this.providerCalls = providerCalls;
        this.meters = meters;
        this.provider = provider.name();
    }

    public SendAnswer ok(ProviderResult result, Exchange exchange) {
        status(exchange, 200, false);
        sends("sent");
        return new SendAnswer(ISO_MILLIS.format(result.dateEvent()), result.numSegments(), result.sid(), result.status());
    }

    /** onException for {@link SendFailure}: validation, protections and provider answers. */
    public Object failure(Exchange exchange) {
        SendFailure failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, SendFailure.class);
        // refusals come by the thousand in an attack: no MDC nor masking for a line not written
        boolean failed = failure.status() >= 500;
        if (failed || LOG.isDebugEnabled()) {
            try (MessageMdc mdc = MessageMdc.of(exchange)) {
                if (failed) {
                    LOG.warn("send failed: {} {} receiver={}", failure.status(), failure.reason(), maskedReceiver(exchange));
                } else {
                    LOG.debug("send refused: {} {} receiver={}", failure.status(), failure.reason(), maskedReceiver(exchange));
                }
            }
        }
        return error(exchange, count(failure));
    }

    /** onException for a send the Throttler EIP refused. */
    public Object rateLimited(Exchange exchange) {
        return error(exchange, count(rateBudget.refusal()));
    }

    /** onException for a provider that did not answer within PROVIDER_TIMEOUT. */
    public Object providerTimeout(Exchange exchange) {
        providerCalls.unanswered(exchange, "timeout");
        return logged(exchange, count(new SendFailure(504, "provider_timeout",
                "the SMS provider did not answer in time; the message may or may not have been sent", null)));
    }

    /** onException for a provider that could not be reached. */
    public Object providerUnreachable(Exchange exchange) {
        providerCalls.unanswered(exchange, "unreachable");
        return logged(exchange, count(new SendFailure(502, "provider_unreachable", "the SMS provider could not be reached", null)));
    }

    /** onException for anything unforeseen: logged in full here, never described to the caller. */
    public Object unexpected(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        try (MessageMdc mdc = MessageMdc.of(exchange)) {
            LOG.error("send failed unexpectedly: receiver={}", maskedReceiver(exchange), cause);
        }
        return error(exchange, count(new SendFailure(500, "internal", "internal error", null)));
    }

    private Object logged(Exchange exchange, SendFailure failure) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        try (MessageMdc mdc = MessageMdc.of(exchange)) {
            LOG.warn("send failed: {} {} receiver={}: {}", failure.status(), failure.reason(), maskedReceiver(exchange),
                    cause == null ? "" : cause.getClass().getSimpleName());
        }
        return error(exchange, failure);
    }

    /** sms_sends_total by outcome; a refusal also in sms_rejections_total by its reason. */
    private SendFailure count(SendFailure failure) {
        if (REFUSALS.contains(failure.reason())) {
            counters.computeIfAbsent("rejections:" + failure.reason(),
                    key -> meters.counter("sms.rejections", "reason", failure.reason())).increment();
            sends("refused");
        } else {
            sends("failed");
        }
        return failure;
    }

    private void sends(String outcome) {
        counters.computeIfAbsent("sends:" + outcome,
                key -> meters.counter("sms.sends", "provider", provider, "outcome", outcome)).increment();
    }

    private Object error(Exchange exchange, SendFailure failure) {
        Message message = exchange.getMessage();
        status(exchange, failure.status(), "rate_limit".equals(failure.reason()));
        if (failure.retryAfterSeconds() != null) {
            message.setHeader("Retry-After", failure.retryAfterSeconds());
        }
        if (failure.status() == 401) {
            message.setHeader("WWW-Authenticate", "Bearer");
        }
        exchange.setProperty(SendFailure.REASON_PROPERTY, failure.reason());
        return ErrorBody.of(failure.status(), failure.getMessage());
    }

    /** Every answer: status, content type and where the rate budget stands, nothing inbound. */
    private void status(Exchange exchange, int status, boolean budgetRefused) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        String requestId = exchange.getProperty(RequestIds.PROPERTY, String.class);
        if (requestId != null) {
            message.setHeader(RequestIds.HEADER, requestId);
        }
        rateBudget.headers(exchange, budgetRefused);
    }

    private static String maskedReceiver(Exchange exchange) {
        String masked = MessageMdc.maskedReceiver(exchange);
        return masked == null ? "-" : masked;
    }
}
