package io.smsgateway.state;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What stands for a phone number in a Redis key: HMAC-SHA256 of it under SMS_REDIS_KEY_SECRET, in
 * base64url. A plain hash would not do: there are few enough numbers to hash them all and look the
 * dump up. Every instance of a fleet must hold the same secret to share a number's schedule.
 */
final class KeyedHash {

    private final ThreadLocal<Mac> macs;

    KeyedHash(String secret) {
        SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        // a Mac is not thread-safe, and making one per call would cost each send
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
            }
        });
    }

    String of(String text) {
        byte[] digest = macs.get().doFinal(text.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }
}
