package io.smsgateway.ingest;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a dropped file into its messages, each as the JSON the HTTP API takes. A file that cannot
 * be read as a whole is refused entirely, before anything is sent; a single bad line or element is
 * one message that will fail validation.
 */
final class FileDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> COLUMNS = Set.of("sender", "receiver", "body");
    private static final CSVFormat CSV = CSVFormat.RFC4180.builder()
            .setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).get();

    private FileDocuments() {
    }

    /**
     * @param line    where the message is in the file, 1-based, or 0 where lines mean nothing (JSON)
     * @param problem why this part of the file is no message at all, or null
     */
    record Item(int index, int line, String json, String problem) {

        Item(int index, int line, String json) {
            this(index, line, json, null);
        }
    }

    /** The file cannot be read as a whole: why, for the report. */
    static final class Malformed extends Exception {
        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }

    static List<Item> read(String fileName, String text) throws Malformed {
        String name = fileName.toLowerCase(Locale.ROOT);
        String content = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (name.endsWith(".json")) {
            return json(content);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return jsonLines(content);
        }
        if (name.endsWith(".csv")) {
            return csv(content);
        }
        throw new Malformed("unsupported file type: expected .json, .jsonl, .ndjson or .csv");
    }

    private static List<Item> json(String content) throws Malformed {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw new Malformed("not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        }
        List<Item> items = new ArrayList<>();
        if (root != null && root.isObject()) {
            items.add(new Item(0, 1, root.toString()));
        } else if (root != null && root.isArray()) {
            for (int i = 0; i < root.size(); i++) {
                // a non-object element is one bad message; the pipeline says what is wrong with it
                items.add(new Item(i, 0, root.get(i).toString()));
            }
        } else {
            throw new Malformed("a .json file holds one message object or an array of them");
        }
        return items;
    }

    private static List<Item> jsonLines(String content) {
        List<Item> items = new ArrayList<>();
        String[] lines = content.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                items.add(new Item(items.size(), i + 1, lines[i]));
            }
        }
        return items;
    }

    private static List<Item> csv(String content) throws Malformed {
        try (CSVParser parser = CSV.parse(new StringReader(content))) {
            List<String> header = parser.getHeaderNames();
            if (header.size() != COLUMNS.size() || !COLUMNS.containsAll(header)) {
                throw new Malformed("the first line must be the header sender,receiver,body (got " + String.join(",", header) + ")");
            }
            List<Item> items = new ArrayList<>();
            for (CSVRecord record : parser) {
                int line = (int) parser.getCurrentLineNumber();
                if (!record.isConsistent()) {
                    items.add(new Item(items.size(), line, null,
                            "line " + line + " has " + record.size() + " fields where the header has 3"));
                    continue;
                }
                Map<String, String> message = new LinkedHashMap<>();
                for (String column : header) {
                    message.put(column, record.get(column));
                }
                items.add(new Item(items.size(), line, JSON.writeValueAsString(message)));
            }
            return items;
        } catch (UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            throw new Malformed("not valid CSV: " + e.getMessage());
        } catch (IOException e) {
            throw new Malformed("not valid CSV: " + e.getMessage());
        }
    }
}
