package io.smsgateway.provider;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

import io.smsgateway.config.ConfigurationError;
import io.smsgateway.message.Providers;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param name           SERVICE_PROVIDER: twilio, kaleyra or console (logs instead of sending)
 * @param timeout        PROVIDER_TIMEOUT: longest wait for a provider's answer once connected
 * @param connectTimeout PROVIDER_CONNECT_TIMEOUT: longest wait for a connection
 * @param maxConnections PROVIDER_MAX_CONNECTIONS: open connections to the provider at most
 */
@ConfigurationProperties("sms.provider")
public record ProviderProperties(String name, Duration timeout, Duration connectTimeout, int maxConnections) {

    private static final Set<String> KNOWN = Set.of(Providers.TWILIO, Providers.KALEYRA, Providers.CONSOLE);

    public ProviderProperties {
        String chosen = ConfigurationError.require(name, "SERVICE_PROVIDER", "twilio, kaleyra or console");
        name = chosen.toLowerCase(Locale.ROOT);
        if (!KNOWN.contains(name)) {
            throw new ConfigurationError("SERVICE_PROVIDER", "must be twilio, kaleyra or console (got '" + chosen + "')");
        }
        if (maxConnections < 1) {
            throw new ConfigurationError("PROVIDER_MAX_CONNECTIONS", "must be at least 1 (got " + maxConnections + ")");
        }
    }

    /** The providers messages may go through. */
    public Set<String> inUse() {
        return Set.of(name);
    }

    public boolean uses(String provider) {
        return inUse().contains(provider);
    }

    /** The longest a call can take: connecting, then waiting for the answer. */
    public Duration callTimeout() {
        return connectTimeout.plus(timeout);
    }
}
