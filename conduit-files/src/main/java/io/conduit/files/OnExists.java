package io.conduit.files;

/** What a write does when the target file name is already taken. */
enum OnExists {
    /**
     * Replace the existing file atomically. The default: a redelivery after a crash writes the same
     * name again, so it must be idempotent.
     */
    OVERWRITE,
    /** Refuse the write; the destination reports a permanent failure. */
    ERROR,
    /** Keep both: write under the first free name {@code base.1.ext}, {@code base.2.ext}, … */
    SUFFIX
}
