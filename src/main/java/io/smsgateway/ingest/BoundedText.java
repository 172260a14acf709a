package io.smsgateway.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A text file's characters, UTF-8 strictly (a file in another encoding is refused, not read as
 * mojibake), its byte order mark skipped, with no line longer than {@link FileLimits#MAX_MESSAGE_CHARS}
 * and no run of lines without a record end longer than that plus the reader's read-ahead: a parser
 * reading through it holds one record at most, whatever the file holds.
 */
final class BoundedText extends Reader {

    // a parser reads ahead of the record it returns, up to its buffer
    private static final int READ_AHEAD = 16_384;

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
    private boolean endOfInput;
    private boolean flushed;
    private final int maxChars;
    private int line = 1;
    private int lineChars;
    private long sinceRecord;
    private boolean started;
    private boolean afterCarriageReturn;

    BoundedText(InputStream in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The line the next character is on, from 1. */
    int line() {
        return line;
    }

    /** A record ended: the run of characters without one starts again. */
    void recordRead() {
        sinceRecord = 0;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int read;
        do {
            read = decode(buffer, offset, length);
            if (read > 0 && !started) {
                started = true;
                if (buffer[offset] == '\uFEFF') {
                    System.arraycopy(buffer, offset + 1, buffer, offset, read - 1);
                    read--;
                }
            }
        } while (read == 0 && length > 0);
        for (int i = offset; i < offset + read; i++) {
            count(buffer[i]);
        }
        if (read > 0) {
            sinceRecord += read;
            if (sinceRecord > maxChars + READ_AHEAD) {
                throw new Malformed("a record longer than " + FileLimits.count(maxChars) + " characters (line " + line + ")");
            }
        }
        return read;
    }

    /**
     * Decodes here rather than through an InputStreamReader, which drops the characters before a bad
     * byte: those are returned first, so the line counted when the bad byte is met is its own.
     */
    private int decode(char[] buffer, int offset, int length) throws IOException {
        if (flushed) {
            return -1;
        }
        CharBuffer out = CharBuffer.wrap(buffer, offset, length);
        while (true) {
            CoderResult result = decoder.decode(bytes, out, endOfInput);
            int decoded = out.position() - offset;
            if (result.isError()) {
                if (decoded > 0) {
                    return decoded;
                }
                throw new Malformed("not UTF-8 text (line " + line + ")");
            }
            if (result.isOverflow() || decoded > 0) {
                return decoded;
            }
            if (endOfInput) {
                decoder.flush(out);
                flushed = true;
                return out.position() > offset ? out.position() - offset : -1;
            }
            bytes.compact();
            int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (read < 0) {
                endOfInput = true;
            } else {
                bytes.position(bytes.position() + read);
            }
            bytes.flip();
        }
    }

    private void count(char c) throws Malformed {
        if (c == '\n') {
            if (!afterCarriageReturn) {
                line++;
            }
            lineChars = 0;
        } else if (c == '\r') {
            line++;
            lineChars = 0;
        } else if (++lineChars > maxChars) {
            throw new Malformed("line " + line + " is longer than " + FileLimits.count(maxChars) + " characters");
        }
        afterCarriageReturn = c == '\r';
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
