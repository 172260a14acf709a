package io.smsgateway.provider;

import java.util.Locale;

import io.smsgateway.config.ConfigurationError;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param name           SERVICE_PROVIDER: twilio, kaleyra or console (logs instead of sending)
 * @param timeout        PROVIDER_TIMEOUT: longest wait for a provider's answer once connected
 * @param connectTimeout PROVIDER_CONNECT_TIMEOUT: longest wait for a connection
 * @param maxConnections PROVIDER_MAX_CONNECTIONS: open connections to the provider at most
 */
@ConfigurationProperties("sms.provider")
public record ProviderProperties(String name, String timeout, String connectTimeout, int maxConnections) {

    public static final String TWILIO = "twilio";
    public static final String KALEYRA = "kaleyra";
    public static final String CONSOLE = "console";

    public ProviderProperties {
        String chosen = ConfigurationError.require(name, "SERVICE_PROVIDER", "twilio, kaleyra or console");
        name = chosen.toLowerCase(Locale.ROOT);
        if (!name.equals(TWILIO) && !name.equals(KALEYRA) && !name.equals(CONSOLE)) {
            throw new ConfigurationError("SERVICE_PROVIDER", "must be twilio, kaleyra or console (got '" + chosen + "')");
        }
        ConfigurationError.durationMillis(timeout, "PROVIDER_TIMEOUT");
        ConfigurationError.durationMillis(connectTimeout, "PROVIDER_CONNECT_TIMEOUT");
        if (maxConnections < 1) {
            throw new ConfigurationError("PROVIDER_MAX_CONNECTIONS", "must be at least 1 (got " + maxConnections + ")");
        }
    }

    public boolean is(String provider) {
        return name.equals(provider);
    }

    public long timeoutMillis() {
        return ConfigurationError.durationMillis(timeout, "PROVIDER_TIMEOUT");
    }

    public long connectTimeoutMillis() {
        return ConfigurationError.durationMillis(connectTimeout, "PROVIDER_CONNECT_TIMEOUT");
    }
}
