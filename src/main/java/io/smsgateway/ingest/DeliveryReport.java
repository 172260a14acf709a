package io.smsgateway.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A delivery's report in SMS_OUTBOX_DIR, one JSON object a line: the delivery first, then a line per
 * try and outcome of each message, and an end line once it is finished. It is also the delivery's
 * memory: a restart reads it back. Each line is one append to the file at its name — not to a
 * descriptor kept open — so a report that vanished or cannot be written fails at once, and the
 * caller stops before its next send.
 */
final class DeliveryReport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TAIL = 8192;

    private final Path path;

    private DeliveryReport(Path path) {
        this.path = path;
    }

    /** A new report, holding its first line; never one that exists. */
    static DeliveryReport create(Path path, Map<String, Object> first) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            write(channel, first);
        } catch (IOException e) {
            throw new ReportUnwritable(e);
        }
        return new DeliveryReport(path);
    }

    static DeliveryReport at(Path path) {
        return new DeliveryReport(path);
    }

    Path path() {
        return path;
    }

    /** Appends one line; once it returns, the line is the file's (a process crash does not lose it). */
    synchronized void append(Map<String, Object> line) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            write(channel, line);
        } catch (IOException e) {
            throw new ReportUnwritable(e);
        }
    }

    /**
     * Every line, in order, after cutting off a last line a crash left unfinished. A report that
     * cannot be read is as bad as one that cannot be written: without it, nothing may be sent.
     */
    void replay(Consumer<JsonNode> line) {
        try {
            dropUnfinishedLine();
            try (BufferedReader lines = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                for (String text = lines.readLine(); text != null; text = lines.readLine()) {
                    if (!text.isBlank()) {
                        line.accept(JSON.readTree(text));
                    }
                }
            }
        } catch (IOException e) {
            throw new ReportUnwritable(e);
        }
    }

    /** The first line, which says what the delivery is; a missing node when it cannot be read. */
    static JsonNode first(Path report) {
        try (BufferedReader lines = Files.newBufferedReader(report, StandardCharsets.UTF_8)) {
            String text = lines.readLine();
            return text == null ? JSON.missingNode() : JSON.readTree(text);
        } catch (IOException | RuntimeException e) {
            return JSON.missingNode();
        }
    }

    /** The last complete line, which says how the delivery ended if it did; a missing node when it cannot be read. */
    static JsonNode last(Path report) {
        try (FileChannel channel = FileChannel.open(report, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer tail = ByteBuffer.allocate((int) Math.min(size, TAIL));
            channel.read(tail, size - tail.capacity());
            String text = new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            if (end < 0) {
                return JSON.missingNode();
            }
            int start = text.lastIndexOf('\n', end - 1) + 1;
            return JSON.readTree(text.substring(start, end));
        } catch (IOException | RuntimeException e) {
            return JSON.missingNode();
        }
    }

    private static void write(FileChannel channel, Map<String, Object> line) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap((JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** A line cut short by a crash would glue onto the next one: cut it off. */
    private void dropUnfinishedLine() throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long end = size;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (end > 0) {
                one.clear();
                channel.read(one, end - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                end--;
            }
            if (end < size) {
                channel.truncate(end);
            }
        }
    }
}
