package io.smsgateway.delivery;

import java.time.Duration;

import io.smsgateway.config.ConfigurationError;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Status forwarding: each status change of a message sent with a {@code statusCallback} is POSTed
 * there, signed, retried with backoff.
 *
 * @param secret        SMS_CALLBACK_SECRET: the HMAC-SHA256 key of X-Sms-Signature; unset, a send with a
 *                      statusCallback is refused (400)
 * @param allowHttp     SMS_ALLOW_HTTP_CALLBACKS: plain http callback URLs accepted too (https only otherwise)
 * @param allowPrivate  SMS_ALLOW_PRIVATE_CALLBACKS: callback hosts on loopback, private, link-local ...
 *                      addresses accepted (refused otherwise: SSRF); for tests and closed networks only
 * @param maxAttempts   SMS_CALLBACK_MAX_ATTEMPTS: deliveries tried at most per status change
 * @param timeout       SMS_CALLBACK_TIMEOUT: one attempt's limit, connecting and answering
 * @param backoff       SMS_CALLBACK_BACKOFF: the wait before the second attempt, doubled for each next one
 * @param maxBackoff    SMS_CALLBACK_MAX_BACKOFF: the longest wait between attempts
 * @param maxPending    SMS_CALLBACK_MAX_PENDING: deliveries in flight or waiting for a retry at most;
 *                      beyond, a status change is not forwarded (WARN, counted as dropped)
 */
@ConfigurationProperties("sms.status-forwarding")
public record ForwardingProperties(String secret, boolean allowHttp, boolean allowPrivate, int maxAttempts,
                                   Duration timeout, Duration backoff, Duration maxBackoff, int maxPending) {

    static final int MIN_SECRET = 16;

    public ForwardingProperties {
        secret = secret == null || secret.isBlank() ? null : secret.trim();
        if (secret != null && secret.length() < MIN_SECRET) {
            throw new ConfigurationError("SMS_CALLBACK_SECRET", "must be at least " + MIN_SECRET
                    + " characters, e.g. openssl rand -hex 32");
        }
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new ConfigurationError("SMS_CALLBACK_MAX_ATTEMPTS", "must be 1 to 20 (got " + maxAttempts + ")");
        }
        positive("SMS_CALLBACK_TIMEOUT", timeout);
        positive("SMS_CALLBACK_BACKOFF", backoff);
        positive("SMS_CALLBACK_MAX_BACKOFF", maxBackoff);
        if (maxPending < 1) {
            throw new ConfigurationError("SMS_CALLBACK_MAX_PENDING", "must be at least 1 (got " + maxPending + ")");
        }
    }

    private static void positive(String variable, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new ConfigurationError(variable, "must be a positive duration, e.g. 5s (got '" + value + "')");
        }
    }

    /** Whether sends may ask for forwarding at all. */
    public boolean enabled() {
        return secret != null;
    }

    /** The wait before attempt {@code next} (2, 3 ...): backoff, doubled each time, at most maxBackoff. */
    public Duration delayBefore(int next) {
        long millis = backoff.toMillis() << Math.min(next - 2, 30);
        return Duration.ofMillis(Math.min(millis < 0 ? Long.MAX_VALUE : millis, maxBackoff.toMillis()));
    }

    @Override
    public String toString() {
        return "ForwardingProperties[secret " + (secret == null ? "unset" : "hidden") + ", allowHttp=" + allowHttp
                + ", allowPrivate=" + allowPrivate + ", maxAttempts=" + maxAttempts + ", timeout=" + timeout
                + ", backoff=" + backoff + ", maxBackoff=" + maxBackoff + ", maxPending=" + maxPending + "]";
    }
}
