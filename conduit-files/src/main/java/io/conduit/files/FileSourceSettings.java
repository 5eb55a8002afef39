package io.conduit.files;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;

/**
 * The {@code file} source's settings, validated and with relative paths resolved at load.
 *
 * @param directory          the directory polled (absolute)
 * @param glob               which file names are picked up, e.g. {@code *.hl7}
 * @param pollInterval       pause between two polls
 * @param stableFor          how long a file's size and mtime must stay unchanged before it is read
 * @param afterRead          what happens to a file whose messages were all accepted
 * @param processedDirectory where {@link AfterRead#MOVE} puts files (absolute)
 * @param errorDirectory     where files with rejected messages, broken batches or oversize go (absolute)
 * @param split              whether the data type splits files into several messages (batches)
 * @param maxFileSize        larger files are not read but moved to the error directory
 * @param sortBy             the order files are read in within one poll
 * @param createDirectories  whether missing directories are created at start
 */
record FileSourceSettings(String directory, String glob, Duration pollInterval, Duration stableFor,
                          AfterRead afterRead, String processedDirectory, String errorDirectory, boolean split,
                          long maxFileSize, SortBy sortBy, boolean createDirectories) {

    static final String DEFAULT_GLOB = "*";
    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    static final Duration DEFAULT_STABLE_FOR = Duration.ofSeconds(1);
    static final long DEFAULT_MAX_FILE_SIZE = 64L * 1024 * 1024;
    /** Files are read whole into memory, so the bound stays below the largest Java array. */
    static final long MAX_MAX_FILE_SIZE = Integer.MAX_VALUE - 8;

    /** What happens to a file once every message in it was accepted. */
    enum AfterRead {
        MOVE,
        DELETE
    }

    /** The order files are read in. */
    enum SortBy {
        /** Oldest modification first, then by name: the order in which files were written. */
        MODIFIED,
        /** By name (ordinal string order), for senders whose names carry a sequence. */
        NAME
    }

    /** Reads the source's own keys and calls {@link ConfigNode#finish()}. */
    static FileSourceSettings read(ConfigNode node, Path dataDir) throws ConfigException {
        String directory = absolute(dataDir, node.string("directory"));
        String glob = node.string("glob", DEFAULT_GLOB);
        try {
            matcher(glob);
        } catch (IllegalArgumentException e) { // PatternSyntaxException included
            throw node.error("glob", "'" + glob + "' is not a valid glob (e.g. *.hl7 or {a,b}*.txt): " + e.getMessage());
        }
        Duration pollInterval = node.duration("pollInterval", DEFAULT_POLL_INTERVAL);
        if (pollInterval.isZero() || pollInterval.isNegative()) {
            throw node.error("pollInterval", "must be positive, e.g. 1s or 500ms");
        }
        Duration stableFor = node.duration("stableFor", DEFAULT_STABLE_FOR);
        if (stableFor.isNegative()) {
            throw node.error("stableFor", "must not be negative; use 0ms to read files on first sight");
        }
        AfterRead afterRead = node.choice("afterRead", AfterRead.class, AfterRead.MOVE);
        if (afterRead == AfterRead.DELETE && node.has("processedDirectory")) {
            throw node.error("processedDirectory", "is only used with afterRead: move; remove it or change afterRead");
        }
        String processed = absolute(dataDir, node.string("processedDirectory", Path.of(directory, "processed").toString()));
        String error = absolute(dataDir, node.string("errorDirectory", Path.of(directory, "error").toString()));
        if (afterRead == AfterRead.MOVE && processed.equals(directory)) {
            throw node.error("processedDirectory", "must differ from directory, or files would be read again and again");
        }
        if (error.equals(directory)) {
            throw node.error("errorDirectory", "must differ from directory, or files would be read again and again");
        }
        boolean split = node.bool("split", true);
        long maxFileSize = node.size("maxFileSize", DEFAULT_MAX_FILE_SIZE, 1, MAX_MAX_FILE_SIZE);
        SortBy sortBy = node.choice("sortBy", SortBy.class, SortBy.MODIFIED);
        boolean createDirectories = node.bool("createDirectories", true);
        node.finish();
        return new FileSourceSettings(directory, glob, pollInterval, stableFor, afterRead, processed, error, split,
                maxFileSize, sortBy, createDirectories);
    }

    /** Matches file names (not whole paths) against {@link #glob}. */
    PathMatcher nameMatcher() {
        return matcher(glob);
    }

    private static PathMatcher matcher(String glob) {
        return FileSystems.getDefault().getPathMatcher("glob:" + glob);
    }

    static String absolute(Path dataDir, String path) {
        return dataDir.resolve(path).toAbsolutePath().normalize().toString();
    }
}
