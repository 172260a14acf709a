package io.smsgateway.ingest;

/**
 * The service is stopping with messages of a file still unsent: the file stays in the inbox and
 * the next start resumes it.
 */
public class IngestInterrupted extends RuntimeException {

    public IngestInterrupted(String message) {
        super(message, null, false, false);
    }
}
