package io.conduit.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * {@link FileStorage} on the local file systems, through {@link java.nio.file}.
 *
 * <p>Atomic writes: the content goes to a hidden temporary file {@code .NAME.tmp-RANDOM} in the
 * target's own directory (so the rename cannot cross file systems), is forced to disk, then renamed
 * over the final name with {@link StandardCopyOption#ATOMIC_MOVE}, and finally the directory itself is
 * forced so the rename survives a power loss. The directory fsync is best effort: some platforms
 * (Windows) cannot open a directory as a channel.
 *
 * <p>Moves without overwrite use {@link Files#move} without {@code REPLACE_EXISTING}, which on one
 * file system is a {@code rename(2)} after an existence check. That check and the rename are not one
 * atomic step, so two processes racing for the same target name could overwrite each other; the
 * connectors avoid that by having one poller per directory.
 *
 * <p>Stateless and thread-safe.
 */
final class LocalFileStorage implements FileStorage {

    /** Bounds the search for a free {@code base.N.ext} name, so a full directory cannot spin forever. */
    private static final int MAX_SUFFIX = 10_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public List<FileEntry> list(String directory) throws IOException {
        List<FileEntry> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(Path.of(directory))) {
            for (Path path : stream) {
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    continue; // taken away between listing and stat: not ours any more
                }
                if (attributes.isRegularFile()) {
                    files.add(new FileEntry(path.toString(), path.getFileName().toString(), attributes.size(),
                            attributes.lastModifiedTime().toInstant()));
                }
            }
        }
        return files;
    }

    @Override
    public byte[] read(String path, long maxBytes) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            // Read one byte past the bound so a file that grew since it was listed is still caught.
            byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (content.length > maxBytes) {
                throw new FileTooLargeException(path, maxBytes);
            }
            return content;
        }
    }

    @Override
    public String moveInto(String path, String targetDirectory) throws IOException {
        Path source = Path.of(path);
        return moveWithoutOverwrite(source, Path.of(targetDirectory).resolve(source.getFileName())).toString();
    }

    @Override
    public void delete(String path) throws IOException {
        Files.deleteIfExists(Path.of(path));
    }

    @Override
    public void createDirectories(String directory) throws IOException {
        Files.createDirectories(Path.of(directory));
    }

    @Override
    public boolean isDirectory(String directory) {
        return Files.isDirectory(Path.of(directory));
    }

    @Override
    public String writeAtomically(String directory, String relativeName, byte[] content, OnExists onExists,
                                  boolean createDirectories) throws IOException {
        Path root = Path.of(directory).toAbsolutePath().normalize();
        Path target = root.resolve(relativeName).normalize();
        // Defence in depth: templates sanitise their values, but nothing may ever leave the root.
        if (!target.startsWith(root) || target.equals(root)) {
            throw new IllegalArgumentException("file name '" + relativeName + "' leaves the directory " + root);
        }
        Path parent = target.getParent();
        if (createDirectories) {
            Files.createDirectories(parent);
        }
        Path temp = parent.resolve("." + target.getFileName() + ".tmp-" + HexFormat.of().toHexDigits(RANDOM.nextLong()));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Path written = switch (onExists) {
                case OVERWRITE -> Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                case ERROR -> moveUnlessTaken(temp, target);
                case SUFFIX -> moveWithoutOverwrite(temp, target);
            };
            forceDirectory(parent);
            return written.toString();
        } finally {
            deleteQuietly(temp); // gone already after a successful move
        }
    }

    private static Path moveUnlessTaken(Path source, Path target) throws IOException {
        try {
            return Files.move(source, target);
        } catch (FileAlreadyExistsException e) {
            throw new TargetExistsException(target.toString());
        }
    }

    /** Moves to {@code target}, or to {@code base.N.ext} for the first free N when it is taken. */
    static Path moveWithoutOverwrite(Path source, Path target) throws IOException {
        for (int n = 0; n <= MAX_SUFFIX; n++) {
            Path candidate = n == 0 ? target : target.resolveSibling(withSuffix(target.getFileName().toString(), n));
            try {
                return Files.move(source, candidate);
            } catch (FileAlreadyExistsException e) {
                // taken: try the next number
            }
        }
        throw new IOException("no free name for " + target + " after " + MAX_SUFFIX + " attempts");
    }

    /**
     * {@code a.hl7} becomes {@code a.1.hl7}: the number goes before the extension so a file moved
     * back into an input directory still matches a glob such as {@code *.hl7}.
     */
    static String withSuffix(String name, int n) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0) {
            return name + "." + n;
        }
        return name.substring(0, dot) + "." + n + name.substring(dot);
    }

    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every platform can open a directory (Windows); the file itself is already durable.
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // A leftover hidden temp file is harmless and is reported by nobody; the write's own
            // outcome matters more than this clean-up.
        }
    }
}
