package io.smsgateway.ingest;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A dropped file, opened once without following a link and read twice as a stream from that one
 * descriptor: first through, for its digest and every whole-file check, before anything is sent;
 * then for its messages. Both reads are of the same file, whatever the name points to meanwhile.
 */
final class FileContent implements Closeable {

    /**
     * @param sha256   the digest of the content, in hex
     * @param messages how many messages it holds, when it is not refused
     * @param refused  why it cannot be read as a whole, or null
     */
    record Survey(String sha256, long bytes, int messages, Malformed refused) {
    }

    private final FileChannel channel;
    private final FileKind kind;
    private final long maxBytes;

    private FileContent(FileChannel channel, FileKind kind, long maxBytes) {
        this.channel = channel;
        this.kind = kind;
        this.maxBytes = maxBytes;
    }

    /** @throws IOException also when the name is a link (NOFOLLOW_LINKS) */
    static FileContent open(Path path, FileKind kind, long maxBytes) throws IOException {
        return new FileContent(FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS), kind, maxBytes);
    }

    /** The first read: the whole file through, holding one message at a time. */
    Survey survey() throws IOException {
        MessageDigest sha256 = sha256();
        Capped capped = new Capped(from(0), maxBytes);
        InputStream in = new DigestInputStream(capped, sha256);
        int messages = 0;
        Malformed refused = null;
        try (MessageReader reader = kind.reader(in)) {
            while (reader.next() != null) {
                messages++;
            }
        } catch (Malformed e) {
            refused = e;
        }
        try {
            // the rest of the content, for the digest: a parser may stop before the end
            in.transferTo(OutputStream.nullOutputStream());
        } catch (Malformed e) {
            refused = e;
        }
        return new Survey(HexFormat.of().formatHex(sha256.digest()), capped.count, messages, refused);
    }

    /** The second read: the messages, one at a time. */
    MessageReader messages() throws IOException {
        return kind.reader(new Capped(from(0), maxBytes));
    }

    private InputStream from(long position) throws IOException {
        channel.position(position);
        // closing a reader must not close the descriptor the other read uses
        return new FilterInputStream(Channels.newInputStream(channel)) {
            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file that grew past the cap after it was measured is refused too, and never read further. */
    private static final class Capped extends FilterInputStream {

        private final long max;
        private long count;

        Capped(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, (int) Math.min(length, max - count + 1));
            if (read > 0) {
                counted(read);
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            int length = (int) Math.min(Math.max(n, 0), 8192);
            return Math.max(0, read(new byte[length], 0, length));
        }

        private void counted(int read) throws Malformed {
            count += read;
            if (count > max) {
                throw new Malformed("larger than SMS_INBOX_MAX_FILE_BYTES (" + FileLimits.count(max) + " bytes)");
            }
        }
    }
}
