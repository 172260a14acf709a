package io.smsgateway.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The fleet's message statuses in Redis: per message a hash (its origin) and a list (its history
 * as JSON; the client's statusCallback, the request id and the provider failed over from fields of the
 * hash, never in a key), under the keyed hash of its sid, both expiring SMS_STATUS_TTL after the last
 * change; and per request id a key {@code status:request:<keyed hash of the request id>} holding the sid
 * of the latest message sent under it, expiring with that message.
 * Recording never refuses anything — the message went out already: while Redis is away it goes to
 * this instance's memory, whatever SMS_STATE_FAILURE_MODE. Reading follows the mode.
 */
class RedisMessageStatuses implements MessageStatuses {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> RECORD = LuaScripts.of("message-status-record.lua", List.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SharedRedis redis;
    private final MessageStatuses local;
    private final long ttlMillis;

    RedisMessageStatuses(SharedRedis redis, MessageStatuses local, long ttlMillis) {
        this.redis = redis;
        this.local = local;
        this.ttlMillis = ttlMillis;
    }

    @Override
    public Origin record(String sid, Origin origin, Change change) {
        return redis.callOrElse(() -> {
            List<?> answer = redis.template().execute(RECORD, keys(sid, origin), arguments(sid, origin, change).toArray());
            Origin stands = new Origin(value(answer.get(0)), value(answer.get(1)), value(answer.get(2)), value(answer.get(3)),
                    value(answer.get(4)), value(answer.get(5)));
            if (origin.requestId() == null && stands.requestId() != null) {
                // a callback's change: the request id's index lives as long as the message
                redis.template().expire(requestKey(stands.requestId()), Duration.ofMillis(ttlMillis));
            }
            return stands;
        }, () -> local.record(sid, origin, change));
    }

    /** The message went out already: with Redis failing, recorded in memory, counted and logged. */
    @Override
    public CompletionStage<Void> recordSent(String sid, Origin origin, Change change) {
        return redis.callLater(RECORD, keys(sid, origin), arguments(sid, origin, change), () -> local.record(sid, origin, change));
    }

    @Override
    public Optional<Tracked> findByRequestId(String requestId) {
        String key = requestKey(requestId);
        return redis.call(() -> {
            String sid = redis.template().opsForValue().get(key);
            return sid == null ? Optional.<Tracked>empty()
                    : tracked(sid).filter(tracked -> requestId.equals(tracked.origin().requestId()));
        }, () -> local.findByRequestId(requestId));
    }

    @Override
    public Optional<Tracked> find(String sid) {
        return redis.call(() -> tracked(sid), () -> local.find(sid));
    }

    private Optional<Tracked> tracked(String sid) {
        List<String> keys = keys(sid);
        Map<Object, Object> origin = redis.template().opsForHash().entries(keys.get(0));
        if (origin.isEmpty()) {
            return Optional.empty();
        }
        List<Change> history = new ArrayList<>();
        for (String change : redis.template().opsForList().range(keys.get(1), 0, -1)) {
            history.add(read(change));
        }
        return Optional.of(new Tracked(sid, new Origin(value(origin.get("provider")), value(origin.get("country")),
                value(origin.get("receiver")), value(origin.get("callback")), value(origin.get("requestId")),
                value(origin.get("failedOverFrom"))), history));
    }

    private List<String> keys(String sid, Origin origin) {
        List<String> keys = new ArrayList<>(keys(sid));
        if (origin.requestId() != null) {
            keys.add(requestKey(origin.requestId()));
        }
        return keys;
    }

    private List<String> arguments(String sid, Origin origin, Change change) {
        return List.of(Long.toString(ttlMillis), sid, text(origin.provider()), text(origin.country()), text(origin.receiver()),
                Integer.toString(MAX_HISTORY), write(change), text(origin.statusCallback()), text(origin.requestId()),
                text(origin.failedOverFrom()));
    }

    private List<String> keys(String sid) {
        String message = redis.numberKey("status", sid);
        return List.of(message, message + ":history");
    }

    /** The index of a request id: its keyed hash, never the request id itself. */
    private String requestKey(String requestId) {
        return redis.numberKey("status:request", requestId);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static String value(Object stored) {
        return stored == null || stored.toString().isEmpty() ? null : stored.toString();
    }

    private static String write(Change change) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", change.status());
        json.put("errorCode", change.errorCode());
        json.put("at", change.at().toEpochMilli());
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Change read(String text) {
        try {
            JsonNode json = JSON.readTree(text);
            JsonNode errorCode = json.path("errorCode");
            return new Change(json.path("status").asText(), errorCode.isNull() || errorCode.isMissingNode() ? null : errorCode.asText(),
                    Instant.ofEpochMilli(json.path("at").asLong()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a status history entry that is not JSON", e);
        }
    }
}
