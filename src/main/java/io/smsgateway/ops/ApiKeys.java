package io.smsgateway.ops;

import java.util.HexFormat;

import io.smsgateway.message.Clients;
import io.smsgateway.message.SendFailure;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Optional API keys on /send (SMS_API_KEYS, off by default as in the original, which relied on the
 * platform's gateway; SMS_REQUIRE_API_KEYS=true, as deploy/kubernetes sets it, refuses to start
 * without), held and compared as a {@link KeyRing}.
 */
@Component("apiKeys")
class ApiKeys {

    private final KeyRing keys;

    ApiKeys(ApiKeyProperties keys) {
        this.keys = new KeyRing(keys.entries(), false, "SMS_API_KEYS");
    }

    /** Lets the request through with a known key, as {@code Authorization: Bearer <key>} or {@code X-API-Key}. */
    public void authorize(Exchange exchange) {
        if (keys.isEmpty()) {
            return;
        }
        Message message = exchange.getMessage();
        String presented = KeyRing.presented(message, "X-API-Key");
        message.removeHeader("Authorization");
        message.removeHeader("X-API-Key");
        if (presented == null) {
            throw unauthorized("an API key is required: Authorization: Bearer <key> or X-API-Key: <key>");
        }
        if (keys.labelOf(presented).isEmpty()) {
            throw unauthorized("the API key is not valid");
        }
        // the client, for what is scoped per client (Idempotency-Keys)
        exchange.setProperty(Clients.PROPERTY, HexFormat.of().formatHex(KeyRing.sha256(presented)));
    }

    private static SendFailure unauthorized(String message) {
        return new SendFailure(401, "unauthorized", message, null);
    }
}
