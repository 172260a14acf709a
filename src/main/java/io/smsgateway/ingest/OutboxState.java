package io.smsgateway.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Whether file reports can be written. The report is a delivery's memory: a message whose try
 * cannot be written first is not sent, and once one line fails, file ingestion halts — no further
 * send of any file — until the outbox takes a write again, checked at each poll. While halted,
 * readiness is down (health {@code fileIngest}), {@code sms_file_ingest_halted} is 1, and each
 * failed line counts in {@code sms_file_report_failures_total}.
 */
@Component
class OutboxState {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxState.class);

    private final Path outbox;
    private final AtomicBoolean halted = new AtomicBoolean();
    private final Counter failures;

    OutboxState(IngestProperties properties, MeterRegistry meters) {
        this.outbox = properties.outboxDir();
        this.failures = Counter.builder("sms.file.report.failures")
                .description("Report lines the outbox could not take; the first halts file ingestion").register(meters);
        Gauge.builder("sms.file.ingest.halted", halted, state -> state.get() ? 1 : 0)
                .description("1 while file ingestion is halted because the outbox cannot be written").register(meters);
        try {
            Files.createDirectories(outbox);
        } catch (IOException e) {
            halt(e);
        }
    }

    boolean halted() {
        return halted.get();
    }

    /** A report line failed: nothing more is sent until the outbox is writable again. */
    void halt(IOException cause) {
        failures.increment();
        if (halted.compareAndSet(false, true)) {
            LOG.error("file reports cannot be written in SMS_OUTBOX_DIR ({}: {}): file ingestion stopped before its next send; "
                            + "it resumes by itself once the outbox is writable, checked at each poll",
                    cause.getClass().getSimpleName(), Printable.name(cause.getMessage()));
        }
    }

    /**
     * Whether reports can be written: true unless halted, or once a test write into the outbox
     * succeeds again. The outbox is never created here: one that vanished may have held the
     * progress of an unfinished delivery, and a new empty one would send it all again.
     */
    boolean writable() {
        if (!halted.get()) {
            return true;
        }
        Path probe = outbox.resolve(".probe-" + UUID.randomUUID());
        try {
            Files.write(probe, new byte[] {'\n'}, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.delete(probe);
        } catch (IOException stillNot) {
            return false;
        }
        if (halted.compareAndSet(true, false)) {
            LOG.info("SMS_OUTBOX_DIR is writable again: file ingestion resumes");
        }
        return true;
    }
}
