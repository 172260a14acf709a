package io.smsgateway.send;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsgateway.message.PipelineAnswer;
import io.smsgateway.message.Causes;
import io.smsgateway.message.Clients;
import io.smsgateway.message.ErrorBody;
import io.smsgateway.message.RequestIds;
import io.smsgateway.message.SendFailure;
import io.smsgateway.state.IdempotencyKeys;
import io.smsgateway.state.IdempotencyKeys.Claim;
import io.smsgateway.state.IdempotencyProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Idempotent sends: an {@code Idempotency-Key} (HTTP) or {@code SmsIdempotencyKey} (JMS, else the
 * message id) names one request and at most one provider call. The first request with a key claims
 * it; once answered, the key holds its answer, replayed to every repeat with the same body until the
 * key expires (SMS_IDEMPOTENCY_TTL). A repeat while the first is in flight is answered 409, one with
 * another body 422.
 * <p>
 * A failure releases the key — a repeat is processed anew — only when no provider took the message
 * for certain: the gateway's own refusals, raised before any provider call (validation, fraud, rate
 * limit, number delay, balance, shared state unavailable), or a provider's certain refusal (the
 * cases on which the pipeline fails over: balance or health circuit open, unreachable before the
 * request was written, our credentials or our pace refused). Every other answer is stored and replayed, above
 * all a timeout or a 5xx after the request was written: the message may have gone out, and a repeat
 * must not send it again.
 * <p>
 * The body is compared by the SHA-256 of its bytes as received, not of the parsed request: a retry
 * resends the same bytes, a digest of them needs no parsing before the claim, and covers a body the
 * pipeline would refuse. A client that re-serializes a request differently gets 422, never a
 * second send.
 */
@Component("idempotency")
class IdempotentSends {

    /** The request header, and the JMS property. */
    static final String HEADER = "Idempotency-Key";
    static final String JMS_PROPERTY = "SmsIdempotencyKey";
    static final String REPLAYED = "Idempotent-Replayed";
    /** What the routes branch on: {@code replay}, or {@code in-flight} on the queue. */
    static final String STATE = "smsIdempotency";
    static final int MAX_LENGTH = 255;
    private static final String HELD = "smsIdempotencyClaim";
    private static final String ANSWER = "smsIdempotencyAnswer";
    private static final List<String> KEPT_HEADERS = List.of("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset",
            "Retry-After");
    private static final Set<String> BEFORE_ANY_PROVIDER = Set.of("validation", "unauthorized", "fraud", "rate_limit",
            "number_delay", "balance", "state_unavailable", "shutting_down");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A claim this exchange holds, until its answer settles it. */
    private record Held(String key, String token) {
    }

    private final IdempotencyKeys keys;
    private final IdempotencyProperties properties;
    private final Counter httpReplays;
    private final Counter queueReplays;

    IdempotentSends(IdempotencyKeys keys, IdempotencyProperties properties, MeterRegistry meters) {
        this.keys = keys;
        this.properties = properties;
        this.httpReplays = replays(meters, "http");
        this.queueReplays = replays(meters, "jms");
    }

    private static Counter replays(MeterRegistry meters, String source) {
        return Counter.builder("sms.idempotent.replays")
                .description("Requests answered with the stored answer of their idempotency key, no provider called")
                .tag("source", source).register(meters);
    }

    /**
     * HTTP, before the pipeline: without an Idempotency-Key, nothing. With one, the key is claimed
     * for this request, or its stored answer is to be replayed ({@code smsIdempotency=replay}); 400
     * for a key that is not 1 to 255 printable ASCII characters, 409 while its request is in flight,
     * 422 for another body.
     */
    public void claim(Exchange exchange) {
        Message message = exchange.getMessage();
        Object given = message.getHeader(HEADER);
        if (given == null) {
            return;
        }
        if (given instanceof Collection<?>) {
            throw SendFailure.invalid("send one Idempotency-Key header, not several");
        }
        String key = valid(given.toString());
        if (key == null) {
            throw SendFailure.invalid("Idempotency-Key must be 1 to " + MAX_LENGTH + " printable ASCII characters");
        }
        String client = exchange.getProperty(Clients.PROPERTY, String.class);
        String scoped = (client == null ? "http" : "http:" + client) + "\n" + key;
        byte[] body = message.getBody(byte[].class);
        Claim claim = keys.claim(scoped, sha256(body == null ? new byte[0] : body), properties.ttl());
        switch (claim.outcome()) {
            case CLAIMED -> exchange.setProperty(HELD, new Held(scoped, claim.token()));
            case REPLAY -> {
                exchange.setProperty(ANSWER, claim.answer());
                exchange.setProperty(STATE, "replay");
            }
            case IN_FLIGHT -> throw inFlight();
            case MISMATCH -> throw mismatch();
        }
    }

    /** HTTP: the stored answer — status, body, rate-limit headers — as it was, marked replayed. */
    public void replay(Exchange exchange) {
        JsonNode answer = read(exchange.getProperty(ANSWER, String.class));
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, answer.path("status").asInt(500));
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        answer.path("headers").fields().forEachRemaining(header -> message.setHeader(header.getKey(), header.getValue().asText()));
        String requestId = exchange.getProperty(RequestIds.PROPERTY, String.class);
        if (requestId != null) {
            message.setHeader(RequestIds.HEADER, requestId);
        }
        message.setHeader(REPLAYED, "true");
        message.setBody(answer.path("body").asText());
        httpReplays.increment();
    }

    /** HTTP, after the pipeline answered a send: the answer is the key's. */
    public void store(Exchange exchange) {
        Held held = exchange.getProperty(HELD, Held.class);
        if (held == null) {
            return;
        }
        exchange.removeProperty(HELD);
        keys.complete(held.key(), held.token(), answerOf(exchange.getMessage()));
    }

    /**
     * Error handling, once the failure is answered: the key is released when no provider took the
     * message for certain, otherwise the failure is the key's answer.
     */
    public void settle(Exchange exchange) {
        Held held = exchange.getProperty(HELD, Held.class);
        if (held == null) {
            return;
        }
        exchange.removeProperty(HELD);
        if (certainlyNotSent(exchange)) {
            keys.release(held.key(), held.token());
        } else {
            keys.complete(held.key(), held.token(), answerOf(exchange.getMessage()));
        }
    }

    /**
     * The gateway's own refusals, raised before any provider call (or, after a failover, before the
     * secondary's, the first having certainly not taken the message), or a provider's certain refusal.
     */
    static boolean certainlyNotSent(Exchange exchange) {
        SendFailure failure = exchange.getProperty(SendFailure.PROPERTY, SendFailure.class);
        if (failure != null && BEFORE_ANY_PROVIDER.contains(failure.reason())) {
            return true;
        }
        Exception caught = Causes.unwrapped(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        return caught != null && Failover.certainlyNotAccepted(caught) != null;
    }

    /**
     * JMS, before the pipeline, with the request's text as the body: the key is SmsIdempotencyKey,
     * else the message id, so a redelivery is recognised. A known key's answer becomes the message's
     * ({@code smsIdempotency=replay}); in flight or with another body, it is answered 409 or 422
     * ({@code in-flight}, {@code mismatch}); an SmsIdempotencyKey that is no valid key, 400.
     */
    public void claimQueued(Exchange exchange) {
        Message message = exchange.getMessage();
        Object property = message.getHeader(JMS_PROPERTY);
        String key;
        if (property != null) {
            key = valid(property.toString());
            if (key == null) {
                answerQueued(exchange, "invalid", 400, "SmsIdempotencyKey must be 1 to " + MAX_LENGTH + " printable ASCII characters");
                return;
            }
        } else {
            // a message without an id (a STOMP producer's may have none) is sent as it comes
            String id = message.getHeader("JMSMessageID", String.class);
            key = id == null ? null : valid(id);
            if (key == null) {
                return;
            }
        }
        String scoped = "jms\n" + key;
        String text = message.getBody(String.class);
        Claim claim = keys.claim(scoped, sha256((text == null ? "" : text).getBytes(StandardCharsets.UTF_8)), properties.ttl());
        switch (claim.outcome()) {
            case CLAIMED -> exchange.setProperty(HELD, new Held(scoped, claim.token()));
            case REPLAY -> {
                JsonNode answer = read(claim.answer());
                exchange.setProperty(STATE, "replay");
                exchange.setProperty(PipelineAnswer.STATUS, answer.path("status").asInt(500));
                exchange.setProperty(PipelineAnswer.JSON, answer.path("body").asText());
                queueReplays.increment();
            }
            case IN_FLIGHT -> answerQueued(exchange, "in-flight", 409, inFlight().getMessage());
            case MISMATCH -> answerQueued(exchange, "mismatch", 422, mismatch().getMessage());
        }
    }

    /** JMS, after the pipeline: a success is the key's answer (a failure was settled by the error handling). */
    public void storeQueued(Exchange exchange) {
        Held held = exchange.getProperty(HELD, Held.class);
        if (held == null) {
            return;
        }
        exchange.removeProperty(HELD);
        int status = PipelineAnswer.status(exchange);
        if (status >= 200 && status < 300) {
            keys.complete(held.key(), held.token(), write(status, Map.of(), exchange.getProperty(PipelineAnswer.JSON, String.class)));
        }
    }

    /**
     * The key as the client meant it, or null when it is not 1 to 255 printable ASCII characters.
     * A key written as a structured-field string ({@code "..."}, as the IETF draft shows it) is the
     * same key as its content.
     */
    static String valid(String given) {
        String key = given;
        if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
            key = key.substring(1, key.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        if (key.isEmpty() || key.length() > MAX_LENGTH) {
            return null;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return null;
            }
        }
        return key;
    }

    private static SendFailure inFlight() {
        return new SendFailure(409, "idempotency_in_flight",
                "a request with this Idempotency-Key is still being processed: retry once it is answered", 1L);
    }

    private static SendFailure mismatch() {
        return new SendFailure(422, "idempotency_mismatch",
                "this Idempotency-Key was used for a request with another body: a new request needs a new key", null);
    }

    private static void answerQueued(Exchange exchange, String state, int status, String text) {
        exchange.setProperty(STATE, state);
        exchange.setProperty(PipelineAnswer.STATUS, status);
        try {
            exchange.setProperty(PipelineAnswer.JSON, JSON.writeValueAsString(ErrorBody.of(status, text)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error body is always JSON", e);
        }
    }

    /** The answer as HTTP gives it: status, the rate-limit headers, the body (JSON, which holds no full number). */
    private static String answerOf(Message message) {
        byte[] body = message.getBody(byte[].class);
        message.setBody(body);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : KEPT_HEADERS) {
            Object value = message.getHeader(name);
            if (value != null) {
                headers.put(name, value.toString());
            }
        }
        return write(message.getHeader(Exchange.HTTP_RESPONSE_CODE, 500, Integer.class), headers,
                body == null ? "" : new String(body, StandardCharsets.UTF_8));
    }

    private static String write(int status, Map<String, String> headers, String body) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", status);
        answer.put("headers", headers);
        answer.put("body", body);
        try {
            return JSON.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("numbers and strings are JSON", e);
        }
    }

    private static JsonNode read(String answer) {
        try {
            return JSON.readTree(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored answer is not the JSON written: " + e.getOriginalMessage(), e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
