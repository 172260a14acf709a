package io.smsgateway.web;

import java.time.Duration;

import io.smsgateway.config.ConfigurationError;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param port          HTTP_PORT: where the API and the probes listen (0: any free port)
 * @param address       the address listened on; all interfaces when unset (server.address)
 * @param maxBodyBytes  SMS_MAX_REQUEST_BYTES: the largest request body read; larger ones are answered 413
 * @param bodyTimeout   SMS_HTTP_BODY_TIMEOUT: a request whose body has not fully arrived by then is answered 408
 * @param idleTimeout   SMS_HTTP_IDLE_TIMEOUT: a connection with nothing received for this long is closed, which
 *                      also bounds how long a client may take to send its headers
 */
@ConfigurationProperties("sms.http")
public record HttpProperties(int port, String address, int maxBodyBytes, Duration bodyTimeout, Duration idleTimeout) {

    public HttpProperties {
        if (port < 0 || port > 65535) {
            throw new ConfigurationError("HTTP_PORT", "must be a port number, 0 to 65535 (got " + port + ")");
        }
        if (maxBodyBytes < 1024) {
            throw new ConfigurationError("SMS_MAX_REQUEST_BYTES", "must be at least 1024 (got " + maxBodyBytes + ")");
        }
        address = address == null || address.isBlank() ? "0.0.0.0" : address.trim();
    }
}
