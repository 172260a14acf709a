package io.smsgateway.provider.kaleyra;

import io.smsgateway.config.ConfigurationError;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Kaleyra's variables, under the original's names.
 *
 * @param messageType  KALEYRA_MESSAGE_TYPE: MKT, TXN, OTP or DEFAULT; left out of requests when unset
 * @param balanceField KALEYRA_BALANCE_FIELD: the balance's field in the answer of the balance resource
 *                     (KALEYRA_BALANCE_PATH, whose path is not documented stably)
 *
 * <p>The resources called are composed in application.yaml (KALEYRA_SEND_PATH for North America's
 * /sms) and read by the route files; KALEYRA_EMPTY_BALANCE_CHECK is read by the balance circuit.
 */
@ConfigurationProperties("sms.kaleyra")
record KaleyraProperties(String baseUrl, String apiKey, String sid, String messageType, String balanceField) {

    /** Checked when messages may go through Kaleyra, as the original checked its chosen provider. */
    void requireComplete() {
        String url = ConfigurationError.require(baseUrl, "KALEYRA_BASE_URL",
                "the Kaleyra API's base URL, e.g. https://api.kaleyra.io, when SERVICE_PROVIDER=kaleyra");
        if (!url.matches("https?://[^/\\s]+(/[^\\s]*[^/\\s])?")) {
            throw new ConfigurationError("KALEYRA_BASE_URL",
                    "must be an http(s) URL without a trailing slash, e.g. https://api.kaleyra.io (got '" + url + "')");
        }
        ConfigurationError.require(apiKey, "KALEYRA_API_KEY", "the API key of your Kaleyra account, when SERVICE_PROVIDER=kaleyra");
        ConfigurationError.require(sid, "KALEYRA_SID", "the SID of your Kaleyra account, when SERVICE_PROVIDER=kaleyra");
        if (messageType != null && !messageType.isBlank() && !messageType.trim().matches("MKT|TXN|OTP|DEFAULT")) {
            throw new ConfigurationError("KALEYRA_MESSAGE_TYPE", "must be MKT, TXN, OTP or DEFAULT (got '" + messageType + "')");
        }
    }

    @Override
    public String toString() {
        return "KaleyraProperties[baseUrl=" + baseUrl + ", sid=" + sid + ", apiKey hidden]";
    }
}
