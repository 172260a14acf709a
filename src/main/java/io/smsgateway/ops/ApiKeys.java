package io.smsgateway.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import io.smsgateway.config.ConfigurationError;
import io.smsgateway.message.SendFailure;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Optional API keys on /send (SMS_API_KEYS, off by default as in the original, which relied on the
 * platform's gateway; SMS_REQUIRE_API_KEYS=true, as deploy/kubernetes sets it, refuses to start without). Keys are held as SHA-256 digests — given as {@code sha256:<hex>}, or plain
 * and hashed at start — and a presented key is compared with every one in constant time.
 */
@Component("apiKeys")
class ApiKeys {

    private static final String HASHED = "sha256:";

    private final List<byte[]> digests = new ArrayList<>();

    ApiKeys(ApiKeyProperties keys) {
        for (String entry : keys.entries()) {
            if (entry.toLowerCase(Locale.ROOT).startsWith(HASHED)) {
                String hex = entry.substring(HASHED.length());
                if (!hex.matches("[0-9a-fA-F]{64}")) {
                    throw new ConfigurationError("SMS_API_KEYS", "holds a sha256: entry that is not 64 hexadecimal digits");
                }
                digests.add(HexFormat.of().parseHex(hex));
            } else {
                digests.add(sha256(entry));
            }
        }
    }

    /** Lets the request through with a known key, as {@code Authorization: Bearer <key>} or {@code X-API-Key}. */
    public void authorize(Exchange exchange) {
        if (digests.isEmpty()) {
            return;
        }
        Message message = exchange.getMessage();
        String presented = presented(message);
        message.removeHeader("Authorization");
        message.removeHeader("X-API-Key");
        if (presented == null) {
            throw unauthorized("an API key is required: Authorization: Bearer <key> or X-API-Key: <key>");
        }
        byte[] digest = sha256(presented);
        boolean known = false;
        for (byte[] candidate : digests) {
            known |= MessageDigest.isEqual(candidate, digest);
        }
        if (!known) {
            throw unauthorized("the API key is not valid");
        }
    }

    private static String presented(Message message) {
        String key = message.getHeader("X-API-Key", String.class);
        if (key != null && !key.isBlank()) {
            return key.trim();
        }
        String authorization = message.getHeader("Authorization", String.class);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String bearer = authorization.substring(7).trim();
            return bearer.isEmpty() ? null : bearer;
        }
        return null;
    }

    private static SendFailure unauthorized(String message) {
        return new SendFailure(401, "unauthorized", message, null);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
