package io.smsgateway.ingest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The deliveries SMS_OUTBOX_DIR remembers, by their reports' names. A delivery is one arrival of a
 * file: its id is the UTC time it arrived and the start of its content's SHA-256
 * ({@code 20261130T134950123Z-3f2a9c1b0d4e}), or {@code -unread} for a file refused without reading
 * it. Its report is {@code <file>.<id>.report.jsonl}; its archive {@code .done/<file>.<id>} or
 * {@code .failed/<file>.<id>} in the inbox.
 */
final class DeliveryLedger {

    static final String UNREAD = "unread";
    private static final String REPORT = ".report.jsonl";
    private static final Pattern ID = Pattern.compile("\\.(\\d{8}T\\d{9}Z-(?:[0-9a-f]{12}|" + UNREAD + "))"
            + Pattern.quote(REPORT));
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * A delivery of a file name, as its report says.
     *
     * @param first its report's first line
     * @param end   its report's end line, or null while it is unfinished
     */
    record Past(String id, Path report, JsonNode first, JsonNode end) {

        boolean finished() {
            return end != null;
        }

        String tag() {
            return id.substring(id.indexOf('-') + 1);
        }
    }

    private final Path outbox;
    private final Clock clock;

    DeliveryLedger(Path outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /** A new delivery's id: now, and the content's tag (its digest's start, or {@link #UNREAD}); never one a report has. */
    String newId(String name, String tag) {
        Instant at = clock.instant();
        String id = STAMP.format(at) + "-" + tag;
        while (Files.exists(report(name, id), LinkOption.NOFOLLOW_LINKS)) {
            at = at.plusMillis(1);
            id = STAMP.format(at) + "-" + tag;
        }
        return id;
    }

    static String tag(String sha256) {
        return sha256.substring(0, 12);
    }

    Path report(String name, String id) {
        return outbox.resolve(name + "." + id + REPORT);
    }

    /** The deliveries of this file name, oldest first; an outbox that cannot be listed stops ingestion like one that cannot be written. */
    List<Past> of(String name) {
        List<Past> found = new ArrayList<>();
        try (DirectoryStream<Path> reports = Files.newDirectoryStream(outbox,
                entry -> entry.getFileName().toString().startsWith(name + "."))) {
            for (Path report : reports) {
                String rest = report.getFileName().toString().substring(name.length());
                Matcher id = ID.matcher(rest);
                if (id.matches()) {
                    JsonNode end = DeliveryReport.last(report);
                    found.add(new Past(id.group(1), report, DeliveryReport.first(report), end.has("end") ? end : null));
                }
            }
        } catch (IOException e) {
            throw new ReportUnwritable(e);
        }
        found.sort(Comparator.comparing(Past::id));
        return found;
    }
}
