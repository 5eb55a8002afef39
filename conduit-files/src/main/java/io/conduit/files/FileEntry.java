package io.conduit.files;

import java.time.Instant;

/**
 * One regular file as a {@link FileStorage} listed it.
 *
 * @param path     the full path, as the storage names it (what {@link FileStorage#read} takes)
 * @param name     the last path element, which globs are matched against
 * @param size     bytes
 * @param modified last modification time, as the storage reports it
 */
record FileEntry(String path, String name, long size, Instant modified) {

    /** Whether {@code other} looks like the same, unchanged file (same path, size and mtime). */
    boolean sameVersionAs(FileEntry other) {
        return path.equals(other.path) && size == other.size && modified.equals(other.modified);
    }
}
