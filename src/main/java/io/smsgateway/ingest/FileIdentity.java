package io.smsgateway.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Which file a name points to, read without following a link: device and inode, size, modification
 * time and, where the system tells it, change time. A file replaced by a move over it, written to
 * in place, or moved away and back (a rename changes the change time) is no longer the same.
 *
 * @param key      the device and inode, or null where the file system has none
 * @param ctime    the change time, or null where the file system does not tell it
 * @param regular  a regular file, not a link, directory, pipe or device
 * @param link     a symbolic link
 */
record FileIdentity(String key, long size, FileTime mtime, FileTime ctime, boolean regular, boolean link) {

    /** @throws java.nio.file.NoSuchFileException when nothing has the name */
    static FileIdentity of(Path path) throws IOException {
        BasicFileAttributes basic = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        FileTime ctime = null;
        try {
            Map<String, Object> unix = Files.readAttributes(path, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
            ctime = (FileTime) unix.get("ctime");
        } catch (UnsupportedOperationException | IllegalArgumentException notUnix) {
            // the basic attributes alone: a move away and back with the same times goes unseen
        }
        return new FileIdentity(basic.fileKey() == null ? null : basic.fileKey().toString(), basic.size(),
                basic.lastModifiedTime(), ctime, basic.isRegularFile(), basic.isSymbolicLink());
    }

    /** The identity of whatever has the name now, or null when nothing has. */
    static FileIdentity now(Path path) {
        try {
            return of(path);
        } catch (IOException gone) {
            return null;
        }
    }

    /** As the report's first line keeps it: a delivery's file, untouched since, has the same text. */
    String text() {
        return key + "," + size + "," + mtime.to(TimeUnit.NANOSECONDS) + "," + (ctime == null ? "-" : ctime.to(TimeUnit.NANOSECONDS));
    }

    /** The same file, not another moved over the name (unknown where the file system has no key). */
    boolean sameFile(FileIdentity other) {
        return other != null && (key == null || key.equals(other.key)) && link == other.link;
    }

    /** The same file with the same content as far as its size and time tell: not written to since. */
    boolean unchanged(FileIdentity other) {
        return sameFile(other) && size == other.size && mtime.equals(other.mtime);
    }
}
