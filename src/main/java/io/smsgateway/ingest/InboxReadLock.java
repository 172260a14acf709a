package io.smsgateway.ingest;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.strategy.FileChangedExclusiveReadLockStrategy;
import org.apache.camel.component.file.strategy.MarkerFileExclusiveReadLockStrategy;
import org.springframework.stereotype.Component;

/**
 * When the inbox consumer takes a file: Camel's {@code readLock=changed} — its size and time held
 * still for SMS_INBOX_SETTLE_TIME, a marker file meanwhile so another instance on the inbox skips it,
 * empty files included — except for a symbolic link, taken as it is: that strategy looks through
 * the link, and would never take one that points nowhere. Links are refused unread anyway.
 */
@Component("inboxReadLock")
class InboxReadLock extends FileChangedExclusiveReadLockStrategy {

    // Camel's default for readLockTimeout; a settle time near it would never let a file through
    private static final long TIMEOUT_MILLIS = 10_000;

    private final MarkerFileExclusiveReadLockStrategy asItIs = new MarkerFileExclusiveReadLockStrategy();

    InboxReadLock(IngestProperties properties) {
        long settle = properties.settleTime().toMillis();
        setCheckInterval(settle);
        setTimeout(Math.max(TIMEOUT_MILLIS, 3 * settle));
        setMinLength(0);
        setMarkerFiler(true);
        asItIs.setMarkerFiler(true);
    }

    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<File> operations, GenericFile<File> file, Exchange exchange)
            throws Exception {
        if (Files.isSymbolicLink(Path.of(file.getAbsoluteFilePath()))) {
            return asItIs.acquireExclusiveReadLock(operations, file, exchange);
        }
        return super.acquireExclusiveReadLock(operations, file, exchange);
    }
}
