package io.smsgateway.ingest;

import java.io.Closeable;
import java.io.IOException;

/** The messages of a file, read one at a time from a stream: memory holds one message, not the file. */
interface MessageReader extends Closeable {

    /**
     * @return the next message, or null after the last
     * @throws Malformed   the file cannot be read as a whole
     * @throws IOException the file could not be read
     */
    Item next() throws IOException;
}
