package io.smsgateway.ingest;

import java.net.URI;
import java.time.Duration;

import io.smsgateway.config.ConfigurationError;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param name               SMS_QUEUE: the queue read; refused messages go to {@code <name>.DLQ}
 * @param concurrency        SMS_QUEUE_CONCURRENCY: consumers
 * @param redeliveryDelay    SMS_QUEUE_REDELIVERY_DELAY: first wait before a message refused for now comes back
 * @param maxRedeliveryDelay SMS_QUEUE_MAX_REDELIVERY_DELAY: the wait doubles up to this
 * @param listen             SMS_BROKER_LISTEN: a loopback TCP acceptor of the embedded broker, for producers
 *                           speaking Artemis CORE, AMQP 1.0 or STOMP
 */
@ConfigurationProperties("sms.queue")
public record QueueProperties(String name, int concurrency, Duration redeliveryDelay, Duration maxRedeliveryDelay,
                              String listen) {

    public QueueProperties {
        ConfigurationError.require(name, "SMS_QUEUE", "the queue to read messages from");
        if (concurrency < 1) {
            throw new ConfigurationError("SMS_QUEUE_CONCURRENCY", "must be at least 1 (got " + concurrency + ")");
        }
        if (listen != null && !listen.isBlank() && !isLoopback(listen)) {
            // the embedded broker has no users: only this machine may reach it
            throw new ConfigurationError("SMS_BROKER_LISTEN",
                    "must be a loopback address such as tcp://127.0.0.1:61616 (got '" + listen + "'); use SMS_BROKER_URL for a shared broker");
        }
    }

    /**
     * The acceptor's URL: SMS_BROKER_LISTEN, speaking CORE, AMQP and STOMP unless it names its own
     * {@code protocols}. Named rather than left to Artemis, which would take every protocol module
     * that some dependency might one day bring onto the classpath.
     */
    public String acceptor() {
        String url = listen.trim();
        if (url.contains("protocols=")) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + "protocols=CORE,AMQP,STOMP";
    }

    private static boolean isLoopback(String address) {
        try {
            String host = URI.create(address).getHost();
            return "127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host) || "::1".equals(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
