package io.smsgateway.ingest;

import java.io.IOException;

/** A report could not be written (or read back): file ingestion stops before its next send. */
final class ReportUnwritable extends RuntimeException {

    ReportUnwritable(IOException cause) {
        super(cause.getClass().getSimpleName(), cause, false, false);
    }
}
