package io.smsgateway.ops;

import java.util.Arrays;
import java.util.List;

import io.smsgateway.config.ConfigurationError;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param keys        SMS_API_KEYS: the keys callers present on /send, comma-separated; {@code sha256:<hex>}
 *                    for a key given by its digest. Unset, /send is open, as in the original
 * @param requireKeys SMS_REQUIRE_API_KEYS: refuse to start without keys (deploy/kubernetes sets it);
 *                    off by default, so drop-in users keep the original's behaviour
 */
@ConfigurationProperties("sms.api")
public record ApiKeyProperties(String keys, boolean requireKeys) {

    /** What deploy/kubernetes/secret.yaml ships in SMS_API_KEYS: a value to replace, never a key. */
    public static final String PLACEHOLDER = "replace-with-your-api-keys";

    public ApiKeyProperties {
        keys = keys == null ? "" : keys.trim();
        List<String> entries = entries(keys);
        if (entries.contains(PLACEHOLDER)) {
            throw new ConfigurationError("SMS_API_KEYS", "still holds the placeholder of deploy/kubernetes/secret.yaml ("
                    + PLACEHOLDER + "): set the keys callers present on /send");
        }
        if (requireKeys && entries.isEmpty()) {
            throw new ConfigurationError("SMS_API_KEYS", "is required: SMS_REQUIRE_API_KEYS=true; set the keys callers "
                    + "present on /send, or SMS_REQUIRE_API_KEYS=false to leave /send open to whoever reaches it");
        }
    }

    /** The keys as given, each trimmed, empty entries dropped. */
    public List<String> entries() {
        return entries(keys);
    }

    /** No key: /send answers whoever reaches it. */
    public boolean open() {
        return entries().isEmpty();
    }

    private static List<String> entries(String keys) {
        return Arrays.stream(keys.split(",")).map(String::trim).filter(entry -> !entry.isEmpty()).toList();
    }
}
