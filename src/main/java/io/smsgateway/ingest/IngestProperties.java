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
 * @param maxFileBytes SMS_INBOX_MAX_FILE_BYTES: a larger file is refused unread
 * @param settleTime  SMS_INBOX_SETTLE_TIME: a file is taken once its size and time held still this long
 */
@ConfigurationProperties("sms.ingest")
public record IngestProperties(Path inboxDir, Path outboxDir, Duration maxWait, int concurrency, long maxFileBytes,
                               Duration settleTime) {

    public IngestProperties {
        if (concurrency < 1) {
            throw new ConfigurationError("SMS_INGEST_CONCURRENCY", "must be at least 1 (got " + concurrency + ")");
        }
        if (maxFileBytes < 1) {
            throw new ConfigurationError("SMS_INBOX_MAX_FILE_BYTES", "must be at least 1 (got " + maxFileBytes + ")");
        }
    }
}
