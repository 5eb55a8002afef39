/**
 * File connectors: a {@code file} source that polls a directory and a {@code file} destination
 * that writes one file per message, atomically.
 *
 * <p>The public surface is the two factories, found with {@link java.util.ServiceLoader}; the
 * connectors, their settings and the {@code FileStorage} abstraction they run on are
 * package-private. Only local disks are implemented; SFTP, S3 and Azure Blob are meant to come as
 * further {@code FileStorage} implementations behind the same connectors.
 *
 * <p>No class here logs message content: logs carry file names, sizes and message ids only.
 */
@NullMarked
package io.conduit.files;

import org.jspecify.annotations.NullMarked;
