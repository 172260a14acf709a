package io.smsgateway.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One delivery of a file being sent: its progress (a bit per message with an outcome), its report,
 * and its messages handed out lazily, at most {@code window} at once. A message is tried only
 * after its try is in the report ({@code sending}), and its outcome follows; a try without an
 * outcome — the service was killed while it was under way — may have reached the provider, so it
 * is reported {@code unknown} on resuming, never sent again.
 */
final class Delivery {

    /** Why the messages stopped before the last. */
    enum Stop {
        /** the service is stopping: the file stays and the next start resumes it */
        STOPPING,
        /** a report line could not be written: the file stays and resumes once the outbox is writable */
        HALTED,
        /** another file was moved over the name: this delivery ends, the new file is a new one */
        REPLACED,
        /** the file is gone: this delivery ends */
        REMOVED,
        /** the file was written to in place: it stays, and its next read decides (same content resumes) */
        CHANGED,
        /** the file could not be read further: it stays and resumes at the next poll */
        UNREADABLE
    }

    static final String UNKNOWN = "may have been sent when the service stopped; not sent again";
    private static final long WAIT_STEP_MILLIS = 100;

    private final String name;
    private final String id;
    private final Path path;
    private final FileIdentity identity;
    private final int messages;
    private final DeliveryReport report;
    private final BitSet done = new BitSet();
    private final Map<String, Integer> outcomes = new HashMap<>();
    private final Semaphore window;
    private volatile Stop stop;

    private Delivery(String name, String id, Path path, FileIdentity identity, int messages, DeliveryReport report, int window) {
        this.name = name;
        this.id = id;
        this.path = path;
        this.identity = identity;
        this.messages = messages;
        this.report = report;
        this.window = new Semaphore(window);
    }

    /** A new delivery: its report created with its first line. */
    static Delivery start(String name, String id, Path path, FileIdentity identity, FileContent.Survey survey,
                          Path report, int window) {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("delivery", id);
        first.put("file", Printable.name(name));
        first.put("sha256", survey.sha256());
        first.put("bytes", survey.bytes());
        first.put("messages", survey.messages());
        first.put("identity", identity.text());
        return new Delivery(name, id, path, identity, survey.messages(), DeliveryReport.create(report, first), window);
    }

    /** An unfinished delivery taken up again: what its report holds is done; a try without an outcome becomes unknown. */
    static Delivery resume(String name, String id, Path path, FileIdentity identity, int messages, Path report, int window) {
        Delivery delivery = new Delivery(name, id, path, identity, messages, DeliveryReport.at(report), window);
        Map<Integer, Integer> tried = new HashMap<>();
        delivery.report.replay(line -> delivery.replayed(line, tried));
        tried.forEach((index, line) -> delivery.outcome(index, line, "unknown", Map.of("error", UNKNOWN)));
        return delivery;
    }

    private void replayed(JsonNode line, Map<Integer, Integer> tried) {
        if (!line.path("index").isInt()) {
            return;
        }
        int index = line.get("index").intValue();
        String outcome = line.path("outcome").asText();
        switch (outcome) {
            case "sending" -> tried.put(index, line.path("line").asInt());
            case "deferred" -> tried.remove(index);
            case "sent", "failed", "unknown" -> {
                tried.remove(index);
                counted(index, outcome);
            }
            default -> {
            }
        }
    }

    String name() {
        return name;
    }

    String id() {
        return id;
    }

    Path path() {
        return path;
    }

    FileIdentity identity() {
        return identity;
    }

    Stop stop() {
        return stop;
    }

    synchronized boolean complete() {
        return done.cardinality() >= messages;
    }

    synchronized int left() {
        return messages - done.cardinality();
    }

    synchronized boolean isDone(int index) {
        return done.get(index);
    }

    /** Before each try: once written, a restart will not try the message again unless a later line says it was not sent. */
    void trying(Item item) {
        report.append(line(item, "sending"));
    }

    /** The try was refused for now (429, 503): nothing was sent, the message will be tried again. */
    void deferred(Item item, int status) {
        Map<String, Object> line = line(item, "deferred");
        line.put("statusCode", status);
        report.append(line);
    }

    /** The message's final outcome: sent, failed or unknown, with its details. */
    void outcome(Item item, String outcome, Map<String, Object> details) {
        outcome(item.index(), item.line(), outcome, details);
    }

    private synchronized void outcome(int index, int line, String outcome, Map<String, Object> details) {
        Map<String, Object> written = new LinkedHashMap<>();
        written.put("index", index);
        written.put("line", line);
        written.put("outcome", outcome);
        written.putAll(details);
        report.append(written);
        counted(index, outcome);
    }

    private synchronized void counted(int index, String outcome) {
        if (index >= 0 && !done.get(index)) {
            done.set(index);
            outcomes.merge(outcome, 1, Integer::sum);
        }
    }

    /** The last line: how the delivery ended, and what became of its messages. */
    Map<String, Object> end(String how) {
        return end(how, null);
    }

    synchronized Map<String, Object> end(String how, String error) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("end", how);
        if (error != null) {
            line.put("error", error);
        }
        line.put("messages", messages);
        for (String outcome : new String[] {"sent", "failed", "unknown"}) {
            line.put(outcome, outcomes.getOrDefault(outcome, 0));
        }
        if (left() > 0) {
            line.put("unsent", left());
        }
        report.append(line);
        return line;
    }

    /** The last line of a file refused whole: why. */
    static Map<String, Object> rejection(String reason) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("end", "rejected");
        line.put("error", reason);
        return line;
    }

    private static Map<String, Object> line(Item item, String outcome) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("index", item.index());
        line.put("line", item.line());
        line.put("outcome", outcome);
        return line;
    }

    /** A message handed out is finished with, whatever became of it: the next may be read. */
    void released() {
        window.release();
    }

    /**
     * The messages without an outcome, read from the file as they are needed: one more is read only
     * when fewer than the window are out, and none once the delivery has a reason to stop.
     */
    Iterator<Item> pending(MessageReader reader, BooleanSupplier stopping, BooleanSupplier halted) {
        return new Iterator<>() {

            private Item next;
            private boolean ended;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                if (ended) {
                    return false;
                }
                try {
                    while (!window.tryAcquire(WAIT_STEP_MILLIS, TimeUnit.MILLISECONDS)) {
                        if (stopped(stopping, halted)) {
                            return false;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return end(Stop.STOPPING, false);
                }
                if (stopped(stopping, halted)) {
                    return end(null, true);
                }
                try {
                    Item item = reader.next();
                    while (item != null && isDone(item.index())) {
                        item = reader.next();
                    }
                    if (item == null) {
                        return end(null, true);
                    }
                    next = item;
                    return true;
                } catch (IOException e) {
                    return end(Stop.UNREADABLE, true);
                }
            }

            @Override
            public Item next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Item item = next;
                next = null;
                return item;
            }

            private boolean stopped(BooleanSupplier stopping, BooleanSupplier halted) {
                Stop why = stopping.getAsBoolean() ? Stop.STOPPING
                        : halted.getAsBoolean() ? Stop.HALTED
                        : changed();
                if (why != null) {
                    end(why, false);
                    return true;
                }
                return false;
            }

            private boolean end(Stop why, boolean release) {
                if (why != null) {
                    stop = why;
                }
                if (release) {
                    window.release();
                }
                ended = true;
                return false;
            }
        };
    }

    /** Whether the name still holds the file this delivery reads, as it was: null when it does. */
    Stop changed() {
        FileIdentity now = FileIdentity.now(path);
        if (now == null) {
            return Stop.REMOVED;
        }
        if (!identity.sameFile(now)) {
            return Stop.REPLACED;
        }
        return identity.unchanged(now) ? null : Stop.CHANGED;
    }
}
