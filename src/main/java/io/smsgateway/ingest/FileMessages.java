package io.smsgateway.ingest;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.message.PipelineAnswer;
import io.smsgateway.message.RequestIds;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.springframework.stereotype.Component;

/**
 * The file-message route's steps for one message of a file. Each try is written to the report
 * before it is made ({@link #attempt}); a message whose try cannot be written is not sent. Where the
 * HTTP API would answer 429 (rate limit, number delay, provider throttling) or 503 (balance), the
 * message waits and tries again — after the Retry-After it was given, or a backoff doubling from
 * 1 s to 60 s — for up to SMS_INGEST_MAX_WAIT; every other answer is final and goes into the report.
 */
@Component("fileMessages")
class FileMessages {

    static final String PENDING = "ingestPending";
    static final String RETRY_DELAY = "ingestRetryDelay";
    private static final String ITEM = "ingestItem";
    private static final String STARTED = "ingestStarted";
    private static final String BACKOFF = "ingestBackoff";
    private static final long FIRST_BACKOFF = 1_000;
    private static final long LAST_BACKOFF = 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long maxWaitMillis;
    private final CamelContext camel;
    private final OutboxState outbox;
    private final MeterRegistry meters;

    FileMessages(IngestProperties properties, CamelContext camel, OutboxState outbox, MeterRegistry meters) {
        this.maxWaitMillis = properties.maxWait().toMillis();
        this.camel = camel;
        this.outbox = outbox;
        this.meters = meters;
    }

    /** The body becomes the message's JSON; a part of the file that is no message gets its outcome now. */
    public String begin(Exchange exchange) {
        // the splitter ties the streams cached while a message is sent to the whole file's exchange,
        // which would keep every message's until the file ends: they are the message's own
        exchange.removeProperty(ExchangePropertyKey.STREAM_CACHE_UNIT_OF_WORK);
        Item item = exchange.getMessage().getBody(Item.class);
        RequestIds.fromFile(exchange, delivery(exchange).name(), item.index());
        exchange.setProperty(ITEM, item);
        exchange.setProperty(STARTED, System.nanoTime());
        exchange.setProperty(RETRY_DELAY, 0L);
        exchange.setProperty(PENDING, item.problem() == null);
        if (item.problem() != null) {
            record(exchange, item, "failed", 400, null, item.problem());
            return null;
        }
        return item.json();
    }

    /** Before each try: the try is written to the report, or the message is not tried (and stays unsent). */
    public void attempt(Exchange exchange) {
        if (camel.isStopping() || camel.isStopped() || outbox.halted()) {
            exchange.setProperty(PENDING, false);
            return;
        }
        try {
            delivery(exchange).trying(exchange.getProperty(ITEM, Item.class));
        } catch (ReportUnwritable e) {
            outbox.halt((IOException) e.getCause());
            exchange.setProperty(PENDING, false);
        }
    }

    /** After each try: records a final answer, or sets how long to wait before the next try. */
    public void outcome(Exchange exchange) {
        Item item = exchange.getProperty(ITEM, Item.class);
        int status = PipelineAnswer.status(exchange);
        JsonNode answer = answer(exchange);
        if (status >= 200 && status < 300) {
            record(exchange, item, "sent", status, answer.path("sid").asText(null), null);
            return;
        }
        String error = answer.path("message").asText("HTTP " + status);
        if (status == 429 || status == 503) {
            long waited = (System.nanoTime() - exchange.getProperty(STARTED, Long.class)) / 1_000_000;
            long backoff = exchange.getProperty(BACKOFF, FIRST_BACKOFF, Long.class);
            Long retryAfter = exchange.getProperty(PipelineAnswer.RETRY_AFTER, Long.class);
            long delay = Math.max(backoff, retryAfter == null ? 0 : retryAfter * 1000);
            if (waited + delay <= maxWaitMillis) {
                exchange.setProperty(BACKOFF, Math.min(backoff * 2, LAST_BACKOFF));
                exchange.setProperty(RETRY_DELAY, delay);
                try {
                    // nothing was sent: a restart during the wait tries the message again
                    delivery(exchange).deferred(item, status);
                } catch (ReportUnwritable e) {
                    outbox.halt((IOException) e.getCause());
                    exchange.setProperty(PENDING, false);
                    exchange.setProperty(RETRY_DELAY, 0L);
                }
                return;
            }
            error = "gave up after waiting " + waited / 1000 + " s (SMS_INGEST_MAX_WAIT): " + error;
        }
        record(exchange, item, "failed", status, null, error);
    }

    private void record(Exchange exchange, Item item, String outcome, int status, String sid, String error) {
        exchange.setProperty(PENDING, false);
        exchange.setProperty(RETRY_DELAY, 0L);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("statusCode", status);
        if (sid != null) {
            details.put("sid", sid);
        }
        if (error != null) {
            details.put("error", error);
        }
        meters.counter("sms.ingested", "source", "file", "outcome", outcome).increment();
        try {
            delivery(exchange).outcome(item, outcome, details);
        } catch (ReportUnwritable e) {
            // the try is in the report without its outcome: a resume reports it unknown, never sends it again
            outbox.halt((IOException) e.getCause());
        }
    }

    private static Delivery delivery(Exchange exchange) {
        return exchange.getProperty(FileDeliveries.DELIVERY, Delivery.class);
    }

    private static JsonNode answer(Exchange exchange) {
        String json = exchange.getProperty(PipelineAnswer.JSON, String.class);
        try {
            return json == null ? JSON.missingNode() : JSON.readTree(json);
        } catch (Exception notJson) {
            return JSON.missingNode();
        }
    }
}
