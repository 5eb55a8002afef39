package io.conduit.files;

import java.io.IOException;
import java.util.List;

/**
 * The few operations the file connectors need from a place that holds files: list, read, move,
 * delete and write atomically. Only {@link LocalFileStorage} exists today; SFTP, S3 and Azure Blob
 * are meant to implement this same interface, which is why paths are plain strings "as the storage
 * names them" (absolute paths on a local disk, remote paths on SFTP, keys on S3) rather than
 * {@link java.nio.file.Path}s of the default file system.
 *
 * <p>Implementations are thread-safe. Failures are {@link IOException}s whose messages name paths,
 * never content.
 */
interface FileStorage {

    /**
     * The regular files directly inside {@code directory}; sub-directories and their contents are
     * not listed. No particular order.
     */
    List<FileEntry> list(String directory) throws IOException;

    /**
     * Reads a whole file.
     *
     * @throws FileTooLargeException when the file holds more than {@code maxBytes}
     * @throws java.nio.file.NoSuchFileException when the file is gone
     */
    byte[] read(String path, long maxBytes) throws IOException;

    /**
     * Moves a file into {@code targetDirectory}, keeping its name or, when that name is taken there,
     * using the first free {@code base.N.ext}. Never overwrites.
     *
     * @return the path the file now has
     */
    String moveInto(String path, String targetDirectory) throws IOException;

    /** Deletes a file; a file that is already gone is not an error. */
    void delete(String path) throws IOException;

    /** Creates a directory and its missing parents; an existing directory is not an error. */
    void createDirectories(String directory) throws IOException;

    /** Whether {@code directory} exists and is a directory. */
    boolean isDirectory(String directory);

    /**
     * Writes {@code content} so that readers of the target name see either the previous state or
     * the whole new file, never a partial one, and the data is durable when this returns.
     *
     * @param directory         the root the connector was configured with
     * @param relativeName      the name below {@code directory}; may hold {@code /} for
     *                          sub-directories but must not escape {@code directory}
     * @param createDirectories whether missing directories on the way are created
     * @return the path written (differs from the requested one under {@link OnExists#SUFFIX})
     * @throws TargetExistsException when the name is taken and {@code onExists} is
     *                               {@link OnExists#ERROR}
     * @throws IllegalArgumentException when {@code relativeName} would leave {@code directory}
     */
    String writeAtomically(String directory, String relativeName, byte[] content, OnExists onExists,
                           boolean createDirectories) throws IOException;
}
