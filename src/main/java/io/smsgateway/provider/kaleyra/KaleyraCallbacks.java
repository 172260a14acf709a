package io.smsgateway.provider.kaleyra;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsgateway.delivery.CallbackProperties;
import io.smsgateway.delivery.StatusReport;
import io.smsgateway.message.SendFailure;
import io.smsgateway.provider.ConditionalOnProvider;
import io.smsgateway.provider.FormBody;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * GET or POST /callbacks/kaleyra/{secret}: a delivery report, believed only when the path carries
 * KALEYRA_CALLBACK_SECRET (compared in constant time). Kaleyra's callback parameters are not
 * documented stably, so they are read tolerantly, from the query, a form or a JSON object: the
 * message id as {@code message_id} or {@code id}, the status as {@code status}, the error as
 * {@code error_code} or {@code error}.
 */
@Component("kaleyraCallbacks")
@ConditionalOnProvider("kaleyra")
class KaleyraCallbacks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] secret;

    KaleyraCallbacks(CallbackProperties callbacks) {
        this.secret = callbacks.kaleyraSecret() == null ? null : digest(callbacks.kaleyraSecret());
    }

    /** The report of a callback whose secret is right; 403 otherwise, with nothing read from it. */
    public StatusReport verify(Exchange exchange) {
        if (secret == null) {
            throw refused("KALEYRA_CALLBACK_SECRET is not set");
        }
        String given = exchange.getMessage().getHeader("secret", String.class);
        // digests of equal length, compared in constant time: not even the secret's length shows
        if (given == null || !MessageDigest.isEqual(secret, digest(given))) {
            throw refused("the secret in the path is not right");
        }
        Map<String, String> parameters = parameters(exchange);
        return new StatusReport("kaleyra", firstOf(parameters, "message_id", "id", "messageId", "sid"),
                firstOf(parameters, "status", "message_status"), firstOf(parameters, "error_code", "error"));
    }

    /** The query's parameters, then the body's (a JSON object or a form), the first value of each name. */
    private static Map<String, String> parameters(Exchange exchange) {
        Map<String, String> parameters = new LinkedHashMap<>();
        try {
            FormBody.decode(exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class))
                    .forEach((name, values) -> parameters.putIfAbsent(name, values.get(0)));
            String body = exchange.getMessage().getBody(String.class);
            if (body != null && body.trim().startsWith("{")) {
                JsonNode json = JSON.readTree(body);
                // the fields of the object, or of its first data element ({"data": [{...}]})
                JsonNode fields = json.path("data").isArray() ? json.path("data").path(0) : json;
                fields.fields().forEachRemaining(field -> {
                    if (field.getValue().isValueNode() && !field.getValue().isNull()) {
                        parameters.putIfAbsent(field.getKey(), field.getValue().asText());
                    }
                });
            } else if (body != null && !body.isBlank()) {
                FormBody.decode(body.trim()).forEach((name, values) -> parameters.putIfAbsent(name, values.get(0)));
            }
        } catch (Exception e) {
            throw SendFailure.invalid("the callback's parameters cannot be read");
        }
        return parameters;
    }

    private static String firstOf(Map<String, String> parameters, String... names) {
        for (String name : List.of(names)) {
            String value = parameters.get(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static SendFailure refused(String why) {
        return new SendFailure(403, "callback_refused", "callback refused: " + why, null);
    }
}
