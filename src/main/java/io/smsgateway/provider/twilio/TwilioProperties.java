package io.smsgateway.provider.twilio;

import io.smsgateway.config.ConfigurationError;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Twilio's variables, under the original's names. An API key (TWILIO_API_KEY and TWILIO_API_SECRET),
 * revocable on its own, is used instead of the auth token when both are given.
 *
 * <p>The resources called are composed in application.yaml from TWILIO_BASE_URL and read by the
 * route files; TWILIO_EMPTY_BALANCE_CHECK is read by the balance circuit.
 */
@ConfigurationProperties("sms.twilio")
record TwilioProperties(String baseUrl, String accountSid, String authToken, String apiKey, String apiSecret) {

    /** Checked when messages may go through Twilio, as the original checked its chosen provider. */
    void requireComplete() {
        if (baseUrl == null || !baseUrl.matches("https?://[^/\\s]+(/[^\\s]*[^/\\s])?")) {
            throw new ConfigurationError("TWILIO_BASE_URL",
                    "must be an http(s) URL without a trailing slash, e.g. https://api.twilio.com (got '" + baseUrl + "')");
        }
        String sid = ConfigurationError.require(accountSid, "TWILIO_ACCOUNT_SID",
                "the SID of your Twilio account, when SERVICE_PROVIDER=twilio");
        if (!sid.startsWith("AC")) {
            throw new ConfigurationError("TWILIO_ACCOUNT_SID", "must start with AC");
        }
        if (isBlank(apiKey) && isBlank(apiSecret)) {
            ConfigurationError.require(authToken, "TWILIO_AUTH_TOKEN",
                    "your Twilio auth token (or TWILIO_API_KEY with TWILIO_API_SECRET), when SERVICE_PROVIDER=twilio");
        } else {
            ConfigurationError.require(apiKey, "TWILIO_API_KEY", "it goes with TWILIO_API_SECRET");
            ConfigurationError.require(apiSecret, "TWILIO_API_SECRET", "it goes with TWILIO_API_KEY");
        }
    }

    /** The auth token, which signs Twilio's callbacks (an API key cannot), or null when not given. */
    String signingToken() {
        return isBlank(authToken) ? null : authToken.trim();
    }

    String username() {
        return isBlank(apiKey) ? accountSid.trim() : apiKey.trim();
    }

    String password() {
        return isBlank(apiKey) ? authToken.trim() : apiSecret.trim();
    }

    @Override
    public String toString() {
        return "TwilioProperties[baseUrl=" + baseUrl + ", accountSid=" + accountSid + ", credentials hidden]";
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
