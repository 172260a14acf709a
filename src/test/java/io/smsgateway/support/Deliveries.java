package io.smsgateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The deliveries of dropped files, as the README describes them: a delivery's report is
 * {@code <outbox>/<file>.<id>.report.jsonl} and its archive {@code <inbox>/.done/<file>.<id>} (or
 * {@code .failed/}), the id being {@code <yyyyMMdd'T'HHmmssSSS'Z'>-<12 hex of SHA-256, or unread>}.
 */
public final class Deliveries {

    private static final Pattern ID = Pattern.compile("\\d{8}T\\d{9}Z-(?:[0-9a-f]{12}|unread)");
    private static final Set<String> FINAL = Set.of("sent", "failed", "unknown");

    private Deliveries() {
    }

    /** The reports of a file name, oldest first. */
    public static List<Path> reports(Path outbox, String name) {
        return named(outbox, name, ".report.jsonl");
    }

    /** The archives of a file name in .done/ or .failed/ of the inbox, oldest first. */
    public static List<Path> archives(Path inbox, String folder, String name) {
        return named(inbox.resolve(folder), name, "");
    }

    /** The one report of a file name; none yet is null. */
    public static Path report(Path outbox, String name) {
        List<Path> reports = reports(outbox, name);
        if (reports.size() > 1) {
            throw new AssertionError("more than one delivery of " + name + ": " + reports);
        }
        return reports.isEmpty() ? null : reports.get(0);
    }

    /** The delivery's id, from its report's name. */
    public static String id(Path report, String name) {
        String file = report.getFileName().toString();
        return file.substring(name.length() + 1, file.length() - ".report.jsonl".length());
    }

    /** The messages' final outcomes (sent, failed, unknown), in the order written. */
    public static List<JsonNode> outcomes(Path report) {
        return report == null ? List.of() : Folders.reportLines(report).stream()
                .filter(line -> line.has("index") && FINAL.contains(line.path("outcome").asText())).toList();
    }

    /** The end line, or null while the delivery is unfinished. */
    public static JsonNode end(Path report) {
        if (report == null) {
            return null;
        }
        List<JsonNode> lines = Folders.reportLines(report);
        return lines.isEmpty() || !lines.get(lines.size() - 1).has("end") ? null : lines.get(lines.size() - 1);
    }

    /** The first line, saying what the delivery is. */
    public static JsonNode first(Path report) {
        return Folders.reportLines(report).get(0);
    }

    private static List<Path> named(Path folder, String name, String ending) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> {
                String found = file.getFileName().toString();
                return found.startsWith(name + ".") && found.endsWith(ending)
                        && ID.matcher(found.substring(name.length() + 1, found.length() - ending.length())).matches();
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
