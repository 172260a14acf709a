package io.smsgateway.provider.twilio;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's X-Twilio-Signature, as Twilio documents it (https://www.twilio.com/docs/usage/security):
 * Base64 of HMAC-SHA1, keyed with the account's auth token, over the full URL Twilio called followed
 * by the POST parameters sorted by name, each name then its value, with nothing between them (a
 * repeated name's distinct values in order).
 */
final class TwilioSignature {

    private static final Pattern ORIGIN = Pattern.compile("(https?)://([^/:?#]+)(?::(\\d+))?", Pattern.CASE_INSENSITIVE);

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

    /**
     * Whether {@code given} is the request's signature, compared in constant time. The URL is tried
     * as given and with its scheme's default port written or left out (https://host and
     * https://host:443), as Twilio's own validators do: Twilio signs what it called, port and all.
     */
    static boolean matches(String given, String authToken, String url, Map<String, List<String>> parameters) {
        if (given == null || given.isBlank()) {
            return false;
        }
        byte[] presented = given.trim().getBytes(StandardCharsets.UTF_8);
        boolean matched = false;
        for (String candidate : List.of(url, otherDefaultPortForm(url))) {
            matched |= MessageDigest.isEqual(of(authToken, candidate, parameters).getBytes(StandardCharsets.UTF_8), presented);
        }
        return matched;
    }

    /** https://host/path as https://host:443/path and the other way round (http and 80 alike); other ports as they are. */
    static String otherDefaultPortForm(String url) {
        Matcher parts = ORIGIN.matcher(url);
        if (!parts.lookingAt()) {
            return url;
        }
        String scheme = parts.group(1);
        String host = parts.group(2);
        String port = parts.group(3);
        String defaultPort = scheme.equalsIgnoreCase("https") ? "443" : "80";
        String rest = url.substring(parts.end());
        if (port == null) {
            return scheme + "://" + host + ":" + defaultPort + rest;
        }
        return port.equals(defaultPort) ? scheme + "://" + host + rest : url;
    }
}
