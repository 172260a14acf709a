package io.smsgateway.ingest;

import java.io.IOException;

/**
 * The file cannot be read as a whole: why, for its report. The reason names a line or a limit,
 * never the file's content (parsers' own messages can quote it, so they are never passed on). An
 * IOException so that the streams under a parser can raise it too.
 */
final class Malformed extends IOException {

    Malformed(String reason) {
        super(reason);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
