package io.smsgateway.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.smsgateway.ingest.DeliveryLedger.Past;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The file-ingest route's steps for a whole file. {@link #open} decides what the file is — refused
 * unread, refused whole, a new delivery, the rest of an unfinished one, or a finished one only left
 * to archive — and hands out its messages; {@link #finish} ends the delivery once they all have an
 * outcome, and archives it. Files are moved here, never by the file component: only the file that
 * was read is archived, and a file that must stay simply stays.
 */
@Component("fileDeliveries")
class FileDeliveries {

    static final String DELIVERY = "ingestDelivery";
    private static final String CONTENT = "ingestContent";
    private static final Set<String> ARCHIVED_ENDS = Set.of("done", "rejected");
    private static final Logger LOG = LoggerFactory.getLogger(FileDeliveries.class);

    private final Path inbox;
    private final long maxBytes;
    private final int window;
    private final OutboxState outbox;
    private final CamelContext camel;
    private final DeliveryLedger ledger;
    private final Archive archive;
    private final Set<String> archiveFailures = ConcurrentHashMap.newKeySet();

    FileDeliveries(IngestProperties properties, OutboxState outbox, CamelContext camel) {
        this.inbox = properties.inboxDir();
        this.maxBytes = properties.maxFileBytes();
        this.window = properties.concurrency();
        this.outbox = outbox;
        this.camel = camel;
        this.ledger = new DeliveryLedger(properties.outboxDir(), Clock.systemUTC());
        this.archive = new Archive(properties.inboxDir());
    }

    /** The messages of the file still to send, read as they are needed; none when there is nothing to send. */
    public Iterator<Item> open(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Path path = inbox.resolve(name);
        if (!outbox.writable()) {
            // nothing is read while reports cannot be written; the file waits in the inbox
            return Collections.emptyIterator();
        }
        FileContent content = null;
        try {
            FileIdentity identity = FileIdentity.now(path);
            if (identity == null) {
                return Collections.emptyIterator();
            }
            String unread = unreadable(identity);
            if (unread != null) {
                refuseUnread(name, path, identity, unread);
                return Collections.emptyIterator();
            }
            content = FileContent.open(path, FileKind.of(name), maxBytes);
            FileContent.Survey survey = content.survey();
            if (!identity.unchanged(FileIdentity.now(path))) {
                LOG.info("file {} changed while it was read: read again at the next poll", Printable.name(name));
                return closed(content);
            }
            Iterator<Item> pending = deliver(exchange, name, path, identity, survey, content);
            if (exchange.getProperty(DELIVERY) != null) {
                exchange.setProperty(CONTENT, content);
                content = null;
            }
            return pending;
        } catch (ReportUnwritable e) {
            outbox.halt((IOException) e.getCause());
            return Collections.emptyIterator();
        } catch (IOException e) {
            LOG.warn("file {} could not be read ({}): tried again at the next poll", Printable.name(name), e.getClass().getSimpleName());
            return Collections.emptyIterator();
        } finally {
            closed(content);
        }
    }

    /** Why the file is refused without reading it, or null. */
    private String unreadable(FileIdentity identity) {
        if (identity.link()) {
            return "a symbolic link: links are not followed";
        }
        if (!identity.regular()) {
            return "not a regular file";
        }
        if (identity.size() > maxBytes) {
            return "larger than SMS_INBOX_MAX_FILE_BYTES (" + FileLimits.count(identity.size()) + " bytes, at most "
                    + FileLimits.count(maxBytes) + ")";
        }
        return null;
    }

    private Iterator<Item> deliver(Exchange exchange, String name, Path path, FileIdentity identity,
                                   FileContent.Survey survey, FileContent content) throws IOException {
        String tag = DeliveryLedger.tag(survey.sha256());
        List<Past> past = ledger.of(name);
        Past unfinished = null;
        Past toArchive = null;
        for (Past delivery : past) {
            if (!delivery.finished() && !delivery.tag().equals(tag)) {
                abandon(name, path, delivery);
            } else if (!delivery.finished()) {
                unfinished = delivery;
            } else if (delivery.tag().equals(tag) && ARCHIVED_ENDS.contains(delivery.end().path("end").asText())
                    && identity.text().equals(delivery.first().path("identity").asText())
                    && !Files.exists(archiveOf(name, delivery))) {
                // finished, then stopped before its file moved: this very file, untouched since
                toArchive = delivery;
            }
        }
        if (toArchive != null) {
            archived(name, path, identity, toArchive.id(), archiveOf(name, toArchive));
            LOG.info("file {}: delivery {} had finished; archived now, nothing sent", Printable.name(name), toArchive.id());
            return Collections.emptyIterator();
        }
        if (survey.refused() != null) {
            String reason = survey.refused().getMessage();
            if (unfinished == null) {
                refuse(name, path, identity, ledger.newId(name, tag), survey, reason);
            } else {
                // begun by a version that took this file, refused by this one: it ends, nothing more sent
                Delivery.resume(name, unfinished.id(), path, identity, survey.messages(), unfinished.report(), window)
                        .end("rejected", reason);
                archived(name, path, identity, unfinished.id(), archive.target(Archive.FAILED, name, unfinished.id()));
                LOG.warn("file {}: delivery {} ended unfinished, the file refused: {}", Printable.name(name), unfinished.id(), reason);
            }
            return Collections.emptyIterator();
        }
        Delivery delivery;
        if (unfinished != null) {
            delivery = Delivery.resume(name, unfinished.id(), path, identity, survey.messages(), unfinished.report(), window);
            LOG.info("file {}: delivery {} resumed, {} of {} messages left", Printable.name(name), delivery.id(), delivery.left(),
                    survey.messages());
        } else {
            String id = ledger.newId(name, tag);
            delivery = Delivery.start(name, id, path, identity, survey, ledger.report(name, id), window);
            LOG.info("file {}: delivery {}, {} messages", Printable.name(name), id, survey.messages());
        }
        exchange.setProperty(DELIVERY, delivery);
        return delivery.pending(content.messages(), () -> camel.isStopping() || camel.isStopped(), outbox::halted);
    }

    /** A delivery of this name left unfinished while another content arrived under the name: it was replaced. */
    private void abandon(String name, Path path, Past delivery) {
        int messages = delivery.first().path("messages").asInt();
        Delivery old = Delivery.resume(name, delivery.id(), path, FileIdentity.now(path), messages, delivery.report(), window);
        old.end("replaced");
        LOG.info("file {}: delivery {} ended unfinished, {} messages unsent: another file took its name",
                Printable.name(name), delivery.id(), old.left());
    }

    /** A message handed out is finished with: the next one may be read. */
    public void release(Exchange exchange) {
        Delivery delivery = exchange.getProperty(DELIVERY, Delivery.class);
        if (delivery != null) {
            delivery.released();
        }
    }

    /** Ends the delivery when every message has an outcome and the name still holds its file, and archives it. */
    public void finish(Exchange exchange) {
        Delivery delivery = exchange.getProperty(DELIVERY, Delivery.class);
        String name = Printable.name(delivery.name());
        Delivery.Stop stop = delivery.stop();
        try {
            if (stop == Delivery.Stop.STOPPING) {
                LOG.info("file {}: delivery {} stopped with {} messages unsent; it resumes at the next start", name, delivery.id(),
                        delivery.left());
                return;
            }
            if (stop == Delivery.Stop.HALTED || outbox.halted()) {
                LOG.warn("file {}: delivery {} paused with {} messages unsent, as reports cannot be written; it resumes once they can",
                        name, delivery.id(), delivery.left());
                return;
            }
            Delivery.Stop now = delivery.changed();
            if (now == Delivery.Stop.REPLACED || now == Delivery.Stop.REMOVED) {
                Map<String, Object> end = delivery.end(now == Delivery.Stop.REPLACED ? "replaced" : "removed");
                LOG.info("file {}: delivery {} ended, its file {} while it was sent: {}", name, delivery.id(),
                        now == Delivery.Stop.REPLACED ? "replaced (the new file is a new delivery)" : "removed", counts(end));
                return;
            }
            if (now != null || stop != null || !delivery.complete()) {
                LOG.info("file {}: delivery {} left with {} messages unsent ({}); it resumes at the next poll", name, delivery.id(),
                        delivery.left(), now != null ? "the file was written to" : stop != null ? "the file could not be read"
                                : "some messages ended without an outcome");
                return;
            }
            Map<String, Object> end = delivery.end("done");
            archived(delivery.name(), delivery.path(), delivery.identity(), delivery.id(),
                    archive.target(Archive.DONE, delivery.name(), delivery.id()));
            LOG.info("file {}: delivery {} done: {}", name, delivery.id(), counts(end));
        } catch (ReportUnwritable e) {
            outbox.halt((IOException) e.getCause());
        }
    }

    /** Something unforeseen failed: said without the file's content; the file stays and resumes at the next poll. */
    public void failed(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        LOG.error("file {}: ingestion failed ({}); the file stays in the inbox and resumes at the next poll", Printable.name(name),
                caught == null ? "-" : caught.getClass().getName());
    }

    /** Closes the file the delivery reads, whatever happened. */
    public void close(Exchange exchange) {
        closed(exchange.getProperty(CONTENT, FileContent.class));
    }

    private void refuse(String name, Path path, FileIdentity identity, String id, FileContent.Survey survey, String reason) {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("delivery", id);
        first.put("file", Printable.name(name));
        if (survey != null) {
            first.put("sha256", survey.sha256());
            first.put("bytes", survey.bytes());
        }
        first.put("identity", identity.text());
        DeliveryReport report = DeliveryReport.create(ledger.report(name, id), first);
        report.append(Delivery.rejection(reason));
        archived(name, path, identity, id, archive.target(Archive.FAILED, name, id));
        LOG.warn("file {} refused ({}), nothing sent: {}", Printable.name(name), id, reason);
    }

    private void refuseUnread(String name, Path path, FileIdentity identity, String reason) {
        for (Past delivery : ledger.of(name)) {
            if (delivery.finished() && delivery.tag().equals(DeliveryLedger.UNREAD)
                    && identity.text().equals(delivery.first().path("identity").asText())
                    && !Files.exists(archiveOf(name, delivery))) {
                archived(name, path, identity, delivery.id(), archiveOf(name, delivery));
                return;
            }
        }
        refuse(name, path, identity, ledger.newId(name, DeliveryLedger.UNREAD), null, reason);
    }

    private Path archiveOf(String name, Past delivery) {
        boolean done = "done".equals(delivery.end().path("end").asText());
        return archive.target(done ? Archive.DONE : Archive.FAILED, name, delivery.id());
    }

    /** Archives the file; a failure leaves it where it is, for the next poll to archive. */
    private void archived(String name, Path path, FileIdentity identity, String id, Path target) {
        try {
            if (!archive.move(path, identity, target)) {
                LOG.info("file {}: another file took its name before delivery {} was archived; it stays, a new delivery",
                        Printable.name(name), id);
            }
            archiveFailures.remove(id);
        } catch (IOException e) {
            // once per delivery: the next polls try again, and would say it every second
            if (archiveFailures.add(id)) {
                LOG.error("file {}: delivery {} could not be archived in the inbox ({}): it stays, and is archived without "
                        + "sending at a next poll", Printable.name(name), id, e.getClass().getSimpleName());
            }
        }
    }

    private static String counts(Map<String, Object> end) {
        return end.get("sent") + " sent, " + end.get("failed") + " failed, " + end.get("unknown") + " unknown"
                + (end.containsKey("unsent") ? ", " + end.get("unsent") + " unsent" : "");
    }

    private static Iterator<Item> closed(FileContent content) {
        if (content != null) {
            try {
                content.close();
            } catch (IOException ignored) {
                // a read-only descriptor: nothing was left to write
            }
        }
        return Collections.emptyIterator();
    }
}
