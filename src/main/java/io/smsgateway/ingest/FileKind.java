package io.smsgateway.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** The kinds of file the inbox takes, by their name's ending (the route's antInclude lets only these in). */
enum FileKind {

    JSON, JSON_LINES, CSV;

    /** @throws Malformed for a name of no kind taken */
    static FileKind of(String name) throws Malformed {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".json")) {
            return JSON;
        }
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            return JSON_LINES;
        }
        if (lower.endsWith(".csv")) {
            return CSV;
        }
        throw new Malformed("unsupported file type: expected .json, .jsonl, .ndjson or .csv");
    }

    MessageReader reader(InputStream in) throws IOException {
        return switch (this) {
            case JSON -> new JsonDocumentReader(in);
            case JSON_LINES -> new JsonLinesReader(in);
            case CSV -> new CsvReader(in);
        };
    }
}
