package io.smsgateway.ingest;

import java.io.IOException;
import java.io.InputStream;

/**
 * .jsonl and .ndjson: one message a line, blank lines skipped. A line that is no valid message is
 * one failed message, which the send pipeline names; only text that is not UTF-8 or a line beyond
 * the limit refuses the file.
 */
final class JsonLinesReader implements MessageReader {

    private final BoundedText text;
    private final char[] buffer = new char[8192];
    private final StringBuilder current = new StringBuilder();
    private int position;
    private int filled;
    private int index;
    // the line of the line last read: counted here, as the text underneath reads ahead
    private int lineNumber;
    private boolean afterCarriageReturn;

    JsonLinesReader(InputStream in) {
        this.text = new BoundedText(in, FileLimits.MAX_MESSAGE_CHARS);
    }

    @Override
    public Item next() throws IOException {
        while (true) {
            String read = readLine();
            if (read == null) {
                return null;
            }
            text.recordRead();
            if (!read.isBlank()) {
                return new Item(index++, lineNumber, read);
            }
        }
    }


    /** The next line without its line break, or null at the end. */
    private String readLine() throws IOException {
        current.setLength(0);
        boolean any = false;
        while (true) {
            if (position == filled) {
                filled = text.read(buffer, 0, buffer.length);
                position = 0;
                if (filled <= 0) {
                    filled = 0;
                    if (!any) {
                        return null;
                    }
                    lineNumber++;
                    return current.toString();
                }
            }
            char c = buffer[position++];
            if (c == '\n' && afterCarriageReturn) {
                afterCarriageReturn = false;
                continue;
            }
            afterCarriageReturn = c == '\r';
            if (c == '\n' || c == '\r') {
                lineNumber++;
                return current.toString();
            }
            any = true;
            current.append(c);
        }
    }

    @Override
    public void close() throws IOException {
        text.close();
    }
}
