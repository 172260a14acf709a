package io.smsgateway.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsgateway.ingest.FileDocuments.Item;

/**
 * One dropped file being sent, and its report: one JSON line per message with its outcome. The
 * report is also the progress: a restart skips the messages it already holds.
 */
final class FileBatch {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final List<Item> items;
    private final Path report;
    private final Set<Integer> done = ConcurrentHashMap.newKeySet();

    private FileBatch(String name, List<Item> items, Path report) {
        this.name = name;
        this.items = items;
        this.report = report;
    }

    /** Opens the batch, resuming after the outcomes its report already holds. */
    static FileBatch open(String name, List<Item> items, Path report) {
        FileBatch batch = new FileBatch(name, items, report);
        try {
            if (Files.exists(report)) {
                dropUnfinishedLine(report);
                for (String line : Files.readAllLines(report, StandardCharsets.UTF_8)) {
                    JsonNode index = JSON.readTree(line).path("index");
                    if (index.isInt()) {
                        batch.done.add(index.intValue());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the report " + report, e);
        }
        return batch;
    }

    /** The report of a file that cannot be read as a whole: one line saying why. */
    static void refuseWhole(Path report, String file, String reason) {
        write(report, Map.of("file", file, "outcome", "rejected", "error", reason), false);
    }

    String name() {
        return name;
    }

    List<Item> pending() {
        return items.stream().filter(item -> !done.contains(item.index())).toList();
    }

    boolean complete() {
        return done.size() >= items.size();
    }

    /** Appends the message's outcome; once written, a restart will not send it again. */
    void record(Item item, Map<String, Object> outcome) {
        synchronized (this) {
            write(report, outcome, true);
            done.add(item.index());
        }
    }

    private static void write(Path report, Map<String, Object> line, boolean append) {
        try {
            Files.createDirectories(report.toAbsolutePath().getParent());
            byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(report, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + report, e);
        }
    }

    /** A line cut short by a crash would glue onto the next one: cut it off. */
    private static void dropUnfinishedLine(Path report) throws IOException {
        try (FileChannel channel = FileChannel.open(report, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
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
