package io.smsgateway.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Moves a delivery's file to {@code .done/} or {@code .failed/} in the inbox, under the delivery's
 * name so it never overwrites an earlier one. Only the file the delivery read moves: another file
 * moved over the name meanwhile stays in the inbox, a new delivery. A link moves as itself.
 */
final class Archive {

    static final String DONE = ".done";
    static final String FAILED = ".failed";

    private final Path inbox;

    Archive(Path inbox) {
        this.inbox = inbox;
    }

    Path target(String folder, String name, String id) {
        return inbox.resolve(folder).resolve(name + "." + id);
    }

    /**
     * @return true once the file is archived; false when the name holds another file, which stays
     * @throws IOException the move failed; the file stays and the next poll archives it
     */
    boolean move(Path file, FileIdentity identity, Path target) throws IOException {
        if (!identity.unchanged(FileIdentity.now(file))) {
            return false;
        }
        Files.createDirectories(target.getParent());
        // no REPLACE_EXISTING: an archive is never overwritten
        Files.move(file, target);
        if (identity.unchanged(FileIdentity.now(target))) {
            return true;
        }
        // another file took the name between the check and the move: it goes back, to be sent
        Files.move(target, file);
        return false;
    }
}
