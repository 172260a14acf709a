package io.smsgateway.support;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's status callbacks as Twilio posts them, signed as Twilio documents it, written here apart
 * from the service's own verification.
 */
public final class TwilioCallbacks {

    private TwilioCallbacks() {
    }

    /** A status callback's form: the receiver in full, as Twilio sends it. */
    public static Map<String, String> form(String sid, String receiver, String status, String errorCode) {
        Map<String, String> form = new TreeMap<>(Map.of("AccountSid", TwilioStub.ACCOUNT_SID, "ApiVersion", "2010-04-01",
                "From", "+15017122661", "To", receiver, "MessageSid", sid, "SmsSid", sid, "MessageStatus", status,
                "SmsStatus", status));
        if (errorCode != null) {
            form.put("ErrorCode", errorCode);
        }
        return form;
    }

    /** Twilio's scheme: HMAC-SHA1 with the auth token over the URL and the sorted name-value pairs, Base64. */
    public static String signature(String token, String url, Map<String, String> form) {
        StringBuilder signed = new StringBuilder(url);
        new TreeMap<>(form).forEach((name, value) -> signed.append(name).append(value));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** POST /callbacks/twilio with this form, and X-Twilio-Signature unless {@code signature} is null. */
    public static HttpResponse<String> post(SendClient api, Map<String, String> form, String signature) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&").append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return signature == null
                ? api.post("/callbacks/twilio", body.toString(), "application/x-www-form-urlencoded")
                : api.post("/callbacks/twilio", body.toString(), "application/x-www-form-urlencoded", "X-Twilio-Signature", signature);
    }
}
