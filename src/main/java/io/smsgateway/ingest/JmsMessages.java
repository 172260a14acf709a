package io.smsgateway.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.message.ErrorBody;
import io.smsgateway.message.MessageMdc;
import io.smsgateway.message.PipelineAnswer;
import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The jms-ingest route's steps. A message leaves the queue only with a final outcome: delivered, or
 * refused for good (to the dead-letter queue, the reason in its headers). Anything transient — the
 * gateway's own refusals for now (429, 503) and the provider's (429, 5xx, no answer) — rolls the
 * transaction back, and the broker delivers the message again later, with growing delays.
 *
 * <p>The route reads the JMS message itself ({@code mapJmsMessage=false}): only a TextMessage's text
 * or a BytesMessage's bytes in UTF-8 are a request. Any other body is refused for good unread, so an
 * ObjectMessage is never deserialized — that would run code of the producer's choosing, and one of a
 * class this service lacks would fail on every delivery, redelivered for ever.
 */
@Component("jmsMessages")
class JmsMessages {

    static final String OUTCOME = "smsOutcome";
    private static final String IDEMPOTENCY = "smsIdempotency";
    private static final String REQUEST = "smsRequestText";
    private static final String REPLY_TO = "smsReplyTo";
    private static final String CORRELATION = "smsReplyCorrelation";
    private static final Logger LOG = LoggerFactory.getLogger(JmsMessages.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MeterRegistry meters;

    JmsMessages(MeterRegistry meters) {
        this.meters = meters;
    }

    /**
     * The request's text, kept as received for the dead-letter queue, and where to reply. A body that
     * is no text is answered here as the pipeline would answer it — 415 for another kind of message,
     * 400 for bytes that are not UTF-8 — and the route does not send it.
     */
    public String received(Exchange exchange) throws JMSException {
        keepReplyAddress(exchange.getMessage(), exchange);
        Object body = exchange.getMessage().getBody();
        if (body instanceof TextMessage text) {
            exchange.setProperty(REQUEST, text.getText());
            return text.getText();
        }
        if (body instanceof BytesMessage bytes) {
            byte[] raw = new byte[Math.toIntExact(bytes.getBodyLength())];
            bytes.readBytes(raw);
            exchange.setProperty(REQUEST, raw);
            try {
                // strict: a lenient decoder would send U+FFFD in place of what the producer meant
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(raw)).toString();
            } catch (CharacterCodingException notUtf8) {
                return refuse(exchange, 400, "the message body is not valid UTF-8");
            }
        }
        return refuse(exchange, 415, "the message must be a TextMessage, or a BytesMessage in UTF-8 (got "
                + kind(body) + ", not read)");
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
        } else if ((status == 429 || status == 502 || status == 503 || status == 504)
                // an answer replayed for its Idempotency-Key is the first try's: it would be the same at every redelivery
                && !"replay".equals(exchange.getProperty(IDEMPOTENCY))) {
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
        // the text, the bytes that were not UTF-8 (a BytesMessage), or nothing for a body left unread
        message.setBody(exchange.getProperty(REQUEST));
    }

    /**
     * What a requester waiting on JMSReplyTo gets: the JSON the HTTP API answers, as text, correlated
     * as Camel's own replies are (the request's JMSCorrelationID, else its JMSMessageID).
     */
    public void reply(Exchange exchange) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(JmsConstants.JMS_DESTINATION, exchange.getProperty(REPLY_TO));
        message.setHeader("JMSCorrelationID", exchange.getProperty(CORRELATION));
        message.setHeader("SmsStatus", PipelineAnswer.status(exchange));
        message.setBody(exchange.getProperty(PipelineAnswer.JSON, String.class));
    }

    /** The reply could not be sent: the message's outcome stands all the same, and it is not redelivered. */
    public void replyFailed(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        try (MessageMdc mdc = MessageMdc.of(exchange)) {
            LOG.warn("queued message {}, but its reply could not be sent to JMSReplyTo ({}): dropped, "
                    + "the message is not redelivered", exchange.getProperty(OUTCOME),
                    cause == null ? "unknown" : cause.getClass().getSimpleName());
        }
    }

    private static void keepReplyAddress(Message message, Exchange exchange) {
        Object replyTo = message.getHeader("JMSReplyTo");
        if (replyTo instanceof Destination) {
            exchange.setProperty(REPLY_TO, replyTo);
            String correlation = message.getHeader("JMSCorrelationID", String.class);
            exchange.setProperty(CORRELATION, correlation != null ? correlation : message.getHeader("JMSMessageID", String.class));
        }
    }

    private static String refuse(Exchange exchange, int status, String message) {
        exchange.setProperty(PipelineAnswer.STATUS, status);
        try {
            exchange.setProperty(PipelineAnswer.JSON, JSON.writeValueAsString(ErrorBody.of(status, message)));
        } catch (Exception e) {
            throw new IllegalStateException("an error body is always JSON", e);
        }
        return null;
    }

    private static String kind(Object body) {
        return body instanceof ObjectMessage ? "an ObjectMessage"
                : body instanceof MapMessage ? "a MapMessage"
                : body instanceof StreamMessage ? "a StreamMessage"
                : body instanceof jakarta.jms.Message ? "a message without a body"
                : "no JMS message";
    }

    private static JsonNode answer(Exchange exchange) {
        try {
            return JSON.readTree(exchange.getProperty(PipelineAnswer.JSON, "{}", String.class));
        } catch (Exception notJson) {
            return JSON.missingNode();
        }
    }
}
