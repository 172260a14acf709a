package io.smsgateway.ingest;

import java.nio.file.Path;
import java.time.Duration;

import io.smsgateway.config.ConfigurationError;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param inboxDir    SMS_INBOX_DIR: files dropped here are sent
 * @param outboxDir   SMS_OUTBOX_DIR: one report per input file
 * @param maxWait     SMS_INGEST_MAX_WAIT: how long a message refused for now (429, 503) keeps retrying
 * @param concurrency SMS_INGEST_CONCURRENCY: messages of one file in flight at once
 */
@ConfigurationProperties("sms.ingest")
public record IngestProperties(Path inboxDir, Path outboxDir, Duration maxWait, int concurrency) {

    public IngestProperties {
        if (concurrency < 1) {
            throw new ConfigurationError("SMS_INGEST_CONCURRENCY", "must be at least 1 (got " + concurrency + ")");
        }
    }
}
