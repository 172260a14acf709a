package io.smsgateway.provider.twilio;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's X-Twilio-Signature, as Twilio documents it (https://www.twilio.com/docs/usage/security):
 * Base64 of HMAC-SHA1, keyed with the account's auth token, over the full URL Twilio called followed
 * by the POST parameters sorted by name, each name then its value, with nothing between them (a
 * repeated name's distinct values in order).
 */
final class TwilioSignature {

    private TwilioSignature() {
    }

    /** The signature of a request to {@code url} with these form parameters. */
    static String of(String authToken, String url, Map<String, List<String>> parameters) {
        StringBuilder signed = new StringBuilder(url);
        List<String> names = new ArrayList<>(parameters.keySet());
        names.sort(null);
        for (String name : names) {
            // a repeated parameter's values sorted, each once, as Twilio's own validators sign them
            for (String value : new TreeSet<>(parameters.get(name))) {
                signed.append(name).append(value);
            }
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every Java runtime", e);
        }
    }

    /** Whether {@code given} is the request's signature, compared in constant time. */
    static boolean matches(String given, String authToken, String url, Map<String, List<String>> parameters) {
        if (given == null || given.isBlank()) {
            return false;
        }
        byte[] expected = of(authToken, url, parameters).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given.trim().getBytes(StandardCharsets.UTF_8));
    }
}
