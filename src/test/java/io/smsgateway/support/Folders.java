package io.smsgateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** Writes the file elsewhere first and moves it in, as a producer should. */
    public static void drop(Path inbox, String name, String content) {
        try {
            Path staging = Files.createTempFile(inbox.getParent(), "staging-", ".tmp");
            Files.writeString(staging, content, StandardCharsets.UTF_8);
            Files.move(staging, inbox.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<JsonNode> reportLines(Path report) {
        try {
            if (!Files.exists(report)) {
                return List.of();
            }
            return Files.readAllLines(report, StandardCharsets.UTF_8).stream().map(Folders::json).toList();
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
