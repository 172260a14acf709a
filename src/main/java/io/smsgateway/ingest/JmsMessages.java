package io.smsgateway.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.message.MessageMdc;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The jms-ingest route's steps. A message leaves the queue only with a final outcome: delivered, or
 * refused for good (to the dead-letter queue, the reason in its headers). Anything transient — the
 * gateway's own refusals for now (429, 503) and the provider's (429, 5xx, no answer) — rolls the
 * transaction back, and the broker delivers the message again later, with growing delays.
 */
@Component("jmsMessages")
class JmsMessages {

    static final String OUTCOME = "smsOutcome";
    private static final String REQUEST = "smsRequestText";
    private static final Logger LOG = LoggerFactory.getLogger(JmsMessages.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MeterRegistry meters;

    JmsMessages(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Keeps the request as received, for the dead-letter queue. */
    public String received(Exchange exchange) {
        String text = exchange.getMessage().getBody(String.class);
        exchange.setProperty(REQUEST, text);
        return text;
    }

    /**
     * Sets {@code smsOutcome} — {@code delivered}, {@code transient} or {@code dead}, by the
     * pipeline's answer — counts it and logs a refusal; the route branches on the property.
     */
    public void classify(Exchange exchange) {
        int status = PipelineAnswer.status(exchange);
        String outcome;
        if (status >= 200 && status < 300) {
            outcome = "delivered";
        } else if (status == 429 || status == 502 || status == 503 || status == 504) {
            outcome = "transient";
            try (MessageMdc mdc = MessageMdc.of(exchange)) {
                LOG.warn("queued message refused for now ({}): rolled back for redelivery", status);
            }
        } else {
            outcome = "dead";
            try (MessageMdc mdc = MessageMdc.of(exchange)) {
                LOG.warn("queued message refused ({}): moved to the dead-letter queue", status);
            }
        }
        meters.counter("sms.ingested", "source", "jms", "outcome", outcome).increment();
        exchange.setProperty(OUTCOME, outcome);
    }

    /** The request as received, with why it was refused, for the dead-letter queue. */
    public void deadLetter(Exchange exchange) {
        JsonNode answer = answer(exchange);
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader("SmsFailureStatus", PipelineAnswer.status(exchange));
        message.setHeader("SmsFailureError", answer.path("error").asText(""));
        message.setHeader("SmsFailureMessage", answer.path("message").asText(""));
        message.setBody(exchange.getProperty(REQUEST, String.class));
    }

    /** What a requester waiting on JMSReplyTo gets: the JSON the HTTP API answers, as text. */
    public void reply(Exchange exchange) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader("SmsStatus", PipelineAnswer.status(exchange));
        message.setBody(exchange.getProperty(PipelineAnswer.JSON, String.class));
    }

    private static JsonNode answer(Exchange exchange) {
        try {
            return JSON.readTree(exchange.getProperty(PipelineAnswer.JSON, "{}", String.class));
        } catch (Exception notJson) {
            return JSON.missingNode();
        }
    }
}
