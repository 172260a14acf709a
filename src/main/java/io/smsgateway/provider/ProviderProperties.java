package io.smsgateway.provider;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.smsgateway.config.ConfigurationError;
import io.smsgateway.message.Providers;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param name           SERVICE_PROVIDER: twilio, kaleyra or console (logs instead of sending)
 * @param timeout        PROVIDER_TIMEOUT: longest wait for a provider's answer once connected
 * @param connectTimeout PROVIDER_CONNECT_TIMEOUT: longest wait for a connection
 * @param maxConnections PROVIDER_MAX_CONNECTIONS: open connections to the provider at most
 * @param secondary      SMS_SECONDARY_PROVIDER: the other provider, configured too, for failover and for the
 *                       countries the route files send through it; {@code none} (default) for one provider
 * @param circuit        the health circuit of each provider (PROVIDER_CIRCUIT_*)
 */
@ConfigurationProperties("sms.provider")
public record ProviderProperties(String name, Duration timeout, Duration connectTimeout, int maxConnections, String secondary,
                                 Circuit circuit) {

    private static final String NONE = "none";

    /**
     * Resilience4j's circuit breaker per provider: opened by connection failures, timeouts and 5xx.
     *
     * @param failureRate   PROVIDER_CIRCUIT_FAILURE_RATE: percent of failed calls in the window that opens it
     * @param minimumCalls  PROVIDER_CIRCUIT_MINIMUM_CALLS: calls before the rate counts
     * @param window        PROVIDER_CIRCUIT_WINDOW: the last calls the rate is taken over
     * @param openTime      PROVIDER_CIRCUIT_OPEN_TIME: how long it stays open before probing, 1 s at least
     * @param halfOpenCalls PROVIDER_CIRCUIT_HALF_OPEN_CALLS: probing calls that decide whether it closes
     */
    public record Circuit(int failureRate, int minimumCalls, int window, Duration openTime, int halfOpenCalls) {

        public Circuit {
            if (failureRate < 1 || failureRate > 100) {
                throw new ConfigurationError("PROVIDER_CIRCUIT_FAILURE_RATE", "must be a percentage, 1 to 100 (got " + failureRate + ")");
            }
            if (minimumCalls < 1 || window < 1 || halfOpenCalls < 1) {
                throw new ConfigurationError("PROVIDER_CIRCUIT_MINIMUM_CALLS",
                        "PROVIDER_CIRCUIT_WINDOW and PROVIDER_CIRCUIT_HALF_OPEN_CALLS must be at least 1");
            }
            if (openTime == null || openTime.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new ConfigurationError("PROVIDER_CIRCUIT_OPEN_TIME", "must be 1s or longer (got " + openTime + ")");
            }
        }
    }

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
        String other = secondary == null || secondary.isBlank() ? NONE : secondary.trim().toLowerCase(Locale.ROOT);
        if (!other.equals(NONE) && (!KNOWN.contains(other) || other.equals(Providers.CONSOLE) || other.equals(name))) {
            throw new ConfigurationError("SMS_SECONDARY_PROVIDER",
                    "must be none, or twilio or kaleyra other than SERVICE_PROVIDER (got '" + secondary + "')");
        }
        secondary = other;
    }

    /** The providers messages may go through: SERVICE_PROVIDER, and SMS_SECONDARY_PROVIDER when set. */
    public Set<String> inUse() {
        return secondary.equals(NONE) ? Set.of(name) : Set.of(name, secondary);
    }

    /** The provider a send fails over to, when there is one. */
    public Optional<String> failover() {
        return secondary.equals(NONE) ? Optional.empty() : Optional.of(secondary);
    }

    public boolean uses(String provider) {
        return inUse().contains(provider);
    }

    /** The longest a call can take: connecting, then waiting for the answer. */
    public Duration callTimeout() {
        return connectTimeout.plus(timeout);
    }
}
