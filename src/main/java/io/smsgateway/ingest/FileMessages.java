package io.smsgateway.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.ingest.FileDocuments.Item;
import io.smsgateway.message.RequestIds;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The file-message route's steps for one message of a file. Where the HTTP API would answer 429
 * (rate limit, number delay, provider throttling) or 503 (balance), the message waits and tries
 * again — after the Retry-After it was given, or a backoff doubling from 1 s to 60 s — for up to
 * SMS_INGEST_MAX_WAIT; every other answer is final and goes into the report.
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
    private final MeterRegistry meters;

    FileMessages(IngestProperties properties, CamelContext camel, MeterRegistry meters) {
        this.maxWaitMillis = properties.maxWait().toMillis();
        this.camel = camel;
        this.meters = meters;
    }

    /** The body becomes the message's JSON; a part of the file that is no message gets its outcome now. */
    public String begin(Exchange exchange) {
        if (camel.isStopping() || camel.isStopped()) {
            throw new IngestInterrupted("stopping: message left unsent, for the next start");
        }
        Item item = exchange.getMessage().getBody(Item.class);
        RequestIds.fromFile(exchange, exchange.getProperty(FileBatches.BATCH, FileBatch.class).name(), item.index());
        exchange.setProperty(ITEM, item);
        exchange.setProperty(STARTED, System.nanoTime());
        exchange.setProperty(RETRY_DELAY, 0L);
        if (item.problem() != null) {
            record(exchange, item, "failed", 400, null, item.problem());
            exchange.setProperty(PENDING, false);
            return null;
        }
        exchange.setProperty(PENDING, true);
        return item.json();
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
                return;
            }
            error = "gave up after waiting " + waited / 1000 + " s (SMS_INGEST_MAX_WAIT): " + error;
        }
        record(exchange, item, "failed", status, null, error);
    }

    private void record(Exchange exchange, Item item, String outcome, int status, String sid, String error) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("index", item.index());
        if (item.line() > 0) {
            line.put("line", item.line());
        }
        line.put("outcome", outcome);
        line.put("statusCode", status);
        if (sid != null) {
            line.put("sid", sid);
        }
        if (error != null) {
            line.put("error", error);
        }
        exchange.getProperty(FileBatches.BATCH, FileBatch.class).record(item, line);
        exchange.setProperty(PENDING, false);
        exchange.setProperty(RETRY_DELAY, 0L);
        meters.counter("sms.ingested", "source", "file", "outcome", outcome).increment();
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
