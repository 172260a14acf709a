package io.smsgateway.delivery;

import io.smsgateway.config.ConfigurationError;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the providers report delivery statuses.
 *
 * @param publicUrl     SMS_PUBLIC_URL: the gateway's address as the providers reach it (https://sms.example.com);
 *                      the callback URLs are built from it, never from a request's Host header. Unset: sends
 *                      carry no callback
 * @param kaleyraSecret KALEYRA_CALLBACK_SECRET: the secret in the path of Kaleyra's callback URL; unset: Kaleyra
 *                      sends carry no callback and its callbacks are refused
 */
@ConfigurationProperties("sms.callbacks")
public record CallbackProperties(String publicUrl, String kaleyraSecret) {

    static final int MIN_SECRET = 16;

    public CallbackProperties {
        publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl.trim().replaceAll("/+$", "");
        if (publicUrl != null && !publicUrl.matches("https?://[^/\\s?#]+(/[^\\s?#]*)?")) {
            throw new ConfigurationError("SMS_PUBLIC_URL",
                    "must be an http(s) URL without query, e.g. https://sms.example.com (got '" + publicUrl + "')");
        }
        kaleyraSecret = kaleyraSecret == null || kaleyraSecret.isBlank() ? null : kaleyraSecret.trim();
        if (kaleyraSecret != null && (kaleyraSecret.length() < MIN_SECRET || !kaleyraSecret.matches("[A-Za-z0-9._~-]+"))) {
            throw new ConfigurationError("KALEYRA_CALLBACK_SECRET", "must be " + MIN_SECRET
                    + " or more letters, digits, '.', '_', '~' or '-' (it goes in a URL path), e.g. openssl rand -hex 32");
        }
    }

    /** Twilio's StatusCallback, or null without SMS_PUBLIC_URL. */
    public String twilioUrl() {
        return publicUrl == null ? null : publicUrl + "/callbacks/twilio";
    }

    /** Kaleyra's callback URL, or null without SMS_PUBLIC_URL or KALEYRA_CALLBACK_SECRET. */
    public String kaleyraUrl() {
        return publicUrl == null || kaleyraSecret == null ? null : publicUrl + "/callbacks/kaleyra/" + kaleyraSecret;
    }

    @Override
    public String toString() {
        return "CallbackProperties[publicUrl=" + publicUrl + ", kaleyraSecret " + (kaleyraSecret == null ? "unset" : "hidden") + "]";
    }
}
