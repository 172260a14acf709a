package io.smsgateway.ingest;

import java.nio.file.Path;
import java.util.List;

import io.smsgateway.ingest.FileDocuments.Item;
import io.smsgateway.ingest.FileDocuments.Malformed;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The file-ingest route's steps for a whole file: open it, and close it once every message has an outcome. */
@Component("fileBatches")
class FileBatches {

    static final String BATCH = "ingestBatch";
    static final String TARGET = "ingestTarget";
    private static final Logger LOG = LoggerFactory.getLogger(FileBatches.class);

    private final Path outbox;

    FileBatches(IngestProperties properties) {
        this.outbox = properties.outboxDir();
    }

    /** The messages of the file that have no outcome yet; none when the file is malformed. */
    public List<Item> open(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Path report = outbox.resolve(name + ".report.jsonl");
        List<Item> items;
        try {
            items = FileDocuments.read(name, exchange.getMessage().getBody(String.class));
        } catch (Malformed e) {
            LOG.warn("file {} refused: {}", name, e.getMessage());
            FileBatch.refuseWhole(report, name, e.getMessage());
            exchange.setProperty(TARGET, ".failed");
            return List.of();
        }
        FileBatch batch = FileBatch.open(name, items, report);
        exchange.setProperty(BATCH, batch);
        exchange.setProperty(TARGET, ".done");
        List<Item> pending = batch.pending();
        LOG.info("file {}: {} messages, {} to send", name, items.size(), pending.size());
        return pending;
    }

    /** The file moves to .done only when every message has an outcome; otherwise it stays to be resumed. */
    public void close(Exchange exchange) {
        FileBatch batch = exchange.getProperty(BATCH, FileBatch.class);
        if (batch == null) {
            return;
        }
        if (!batch.complete()) {
            throw new IngestInterrupted("file " + batch.name() + " stopped with messages unsent; it resumes at the next start");
        }
        LOG.info("file {}: every message has an outcome", batch.name());
    }
}
