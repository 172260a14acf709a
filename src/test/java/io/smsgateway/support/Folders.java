package io.smsgateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Folders of a test's own, and the files the service reads and writes there. */
public final class Folders {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Folders() {
    }

    public static Path create(String prefix) {
        try {
            return Files.createTempDirectory(Path.of("target").toAbsolutePath(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the file elsewhere first and moves it in, as a producer should: mv, over a file of the name if there is one. */
    public static void drop(Path inbox, String name, String content) {
        try {
            Path staging = Files.createTempFile(inbox.getParent(), "staging-", ".tmp");
            Files.writeString(staging, content, StandardCharsets.UTF_8);
            Files.move(staging, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The complete lines of a report, each a JSON object; a line still being written is left out. */
    public static List<JsonNode> reportLines(Path report) {
        try {
            if (!Files.exists(report)) {
                return List.of();
            }
            String text = Files.readString(report, StandardCharsets.UTF_8);
            String complete = text.substring(0, text.lastIndexOf('\n') + 1);
            return complete.lines().filter(line -> !line.isBlank()).map(Folders::json).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
