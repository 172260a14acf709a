package io.smsgateway.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.smsgateway.config.ConfigurationError;
import org.apache.camel.Message;

/**
 * Keys held as SHA-256 digests — given as {@code sha256:<hex>}, or plain and hashed at start — each
 * with a label for logs, and a presented key compared with every one in constant time. Labelled
 * entries read {@code label=key}, the label everything before the first {@code =}.
 */
final class KeyRing {

    private static final String HASHED = "sha256:";

    private record Key(String label, byte[] digest) {
    }

    private final List<Key> keys = new ArrayList<>();

    /**
     * @param entries  the keys, blank ones left out
     * @param labelled whether entries read {@code label=key}; otherwise a key may hold {@code =} (base64)
     */
    KeyRing(List<String> entries, boolean labelled, String variable) {
        int unlabelled = 0;
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int equals = labelled ? entry.indexOf('=') : -1;
            String label = equals > 0 ? entry.substring(0, equals).trim() : "key-" + ++unlabelled;
            keys.add(new Key(label, digest(equals > 0 ? entry.substring(equals + 1).trim() : entry, variable)));
        }
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The label of the key presented, when it is one of the ring's; every key compared, in constant time. */
    Optional<String> labelOf(String presented) {
        byte[] digest = sha256(presented);
        String found = null;
        for (Key key : keys) {
            if (MessageDigest.isEqual(key.digest(), digest) && found == null) {
                found = key.label();
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] digest(String key, String variable) {
        if (!key.toLowerCase(Locale.ROOT).startsWith(HASHED)) {
            return sha256(key);
        }
        String hex = key.substring(HASHED.length());
        if (!hex.matches("[0-9a-fA-F]{64}")) {
            throw new ConfigurationError(variable, "holds a sha256: entry that is not 64 hexadecimal digits");
        }
        return HexFormat.of().parseHex(hex);
    }

    /** The key a request presents: in its own header, or as {@code Authorization: Bearer <key>}. */
    static String presented(Message message, String header) {
        String key = message.getHeader(header, String.class);
        if (key != null && !key.isBlank()) {
            return key.trim();
        }
        String authorization = message.getHeader("Authorization", String.class);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) && !authorization.substring(7).isBlank()) {
            return authorization.substring(7).trim();
        }
        return null;
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
