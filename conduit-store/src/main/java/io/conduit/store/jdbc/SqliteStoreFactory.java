package io.conduit.store.jdbc;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.StoreException;
import io.conduit.core.store.StoreFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded default store: one SQLite file, nothing to install.
 *
 * <p>Settings (the server file's {@code store:} section with {@code type: sqlite}):
 * <pre>
 *   path:            conduit.db   # relative to the data directory
 *   maxBatch:        1000         # most submissions committed by one transaction
 *   queueCapacity:   10000        # submissions waiting for the writer before submit() blocks
 *   readConnections: 4            # connections reserved for reads
 *   busyTimeout:     5s           # how long a connection waits for a lock held by another process
 *   cacheSize:       64MB         # page cache of the write connection
 *   compressAbove:   128          # contents at least this long (bytes) are LZ4-compressed
 *   maxLogSize:      64MB         # the write-ahead log is started over once it passes this size
 * </pre>
 *
 * <p>The database runs in WAL mode with {@code synchronous=FULL}: a commit is on disk (fsync of the
 * log) before its future completes, so an acknowledged message survives power loss; group commit
 * makes that cheap. Foreign keys are enforced, so a write naming an unknown message fails.
 *
 * <p>Registered for {@link java.util.ServiceLoader}; thread-safe and stateless.
 */
public final class SqliteStoreFactory implements StoreFactory {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteStoreFactory.class);

    private static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(200);

    private final InstantSource clock;

    /** The factory {@link java.util.ServiceLoader} uses: system clock. */
    public SqliteStoreFactory() {
        this(InstantSource.system());
    }

    /** @param clock stamps store-side times (delivery updates that carry no time of their own) */
    public SqliteStoreFactory(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Validated SQLite settings; see the class Javadoc for the keys and defaults.
     *
     * @param path the database file (absolute once read through {@link #settings})
     */
    public record Settings(Path path, int maxBatch, int queueCapacity, int readConnections, Duration busyTimeout,
                           long cacheSize, int compressAbove, long maxLogSize) implements StoreSettings {

        public static final String DEFAULT_PATH = "conduit.db";
        public static final int DEFAULT_MAX_BATCH = 1000;
        public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
        public static final int DEFAULT_READ_CONNECTIONS = 4;
        public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);
        public static final long DEFAULT_CACHE_SIZE = 64L * 1024 * 1024;
        public static final int DEFAULT_COMPRESS_ABOVE = 128;
        public static final long DEFAULT_MAX_LOG_SIZE = 64L * 1024 * 1024;

        public Settings {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(busyTimeout, "busyTimeout");
            require(maxBatch >= 1, "maxBatch must be at least 1, got " + maxBatch);
            require(queueCapacity >= 1, "queueCapacity must be at least 1, got " + queueCapacity);
            require(readConnections >= 1, "readConnections must be at least 1, got " + readConnections);
            require(!busyTimeout.isNegative() && busyTimeout.toMillis() <= Integer.MAX_VALUE,
                    "busyTimeout must be between 0 and 24 days, got " + busyTimeout);
            require(cacheSize >= 0, "cacheSize must not be negative, got " + cacheSize);
            require(compressAbove >= 0, "compressAbove must not be negative, got " + compressAbove);
            require(maxLogSize >= 1024 * 1024, "maxLogSize must be at least 1MB, got " + maxLogSize);
        }

        /** Defaults for everything but the file. */
        public static Settings defaults(Path path) {
            return new Settings(path, DEFAULT_MAX_BATCH, DEFAULT_QUEUE_CAPACITY, DEFAULT_READ_CONNECTIONS,
                    DEFAULT_BUSY_TIMEOUT, DEFAULT_CACHE_SIZE, DEFAULT_COMPRESS_ABOVE, DEFAULT_MAX_LOG_SIZE);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }

    @Override
    public String type() {
        return "sqlite";
    }

    @Override
    public Settings settings(ConfigNode config, Path dataDir) throws ConfigException {
        Path path = dataDir.resolve(config.string("path", Settings.DEFAULT_PATH)).toAbsolutePath().normalize();
        int maxBatch = config.integer("maxBatch", Settings.DEFAULT_MAX_BATCH, 1, 100_000);
        int queueCapacity = config.integer("queueCapacity", Settings.DEFAULT_QUEUE_CAPACITY, 1, 1_000_000);
        int readConnections = config.integer("readConnections", Settings.DEFAULT_READ_CONNECTIONS, 1, 64);
        Duration busyTimeout = config.duration("busyTimeout", Settings.DEFAULT_BUSY_TIMEOUT);
        if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw config.error("busyTimeout", "must be between 0ms and 24 days, got " + busyTimeout);
        }
        long cacheSize = config.size("cacheSize", Settings.DEFAULT_CACHE_SIZE, 0, 64L * 1024 * 1024 * 1024);
        int compressAbove = (int) config.size("compressAbove", Settings.DEFAULT_COMPRESS_ABOVE, 0, Integer.MAX_VALUE);
        long maxLogSize = config.size("maxLogSize", Settings.DEFAULT_MAX_LOG_SIZE, 1024 * 1024, 64L * 1024 * 1024 * 1024);
        config.finish();
        return new Settings(path, maxBatch, queueCapacity, readConnections, busyTimeout, cacheSize, compressAbove, maxLogSize);
    }

    @Override
    public MessageStore open(StoreSettings settings) throws StoreException {
        if (!(settings instanceof Settings s)) {
            throw new IllegalArgumentException("expected SQLite settings from SqliteStoreFactory.settings, got "
                    + (settings == null ? null : settings.getClass().getName()));
        }
        String description = "sqlite:" + s.path();
        try {
            Path parent = s.path().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreException("cannot create the directory of the store " + description + ": " + e, e);
        }
        String url = "jdbc:sqlite:" + s.path();
        SQLiteDataSource migrationSource = new SQLiteDataSource(config(s, false));
        migrationSource.setUrl(url);
        String version = Migrations.migrate(migrationSource, "sqlite", description);

        List<Connection> opened = new ArrayList<>();
        try {
            Connection writeConnection = config(s, true).createConnection(url);
            opened.add(writeConnection);
            List<Connection> readConnections = new ArrayList<>();
            for (int i = 0; i < s.readConnections(); i++) {
                Connection c = config(s, false).createConnection(url);
                opened.add(c);
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA query_only = true"); // a read connection can never write by mistake
                }
                readConnections.add(c);
            }
            Connection checkpointConnection = config(s, false).createConnection(url);
            opened.add(checkpointConnection);
            try (Statement st = checkpointConnection.createStatement()) {
                // A log restart holds the writer back while it waits for readers: never for long.
                st.execute("PRAGMA busy_timeout = " + SqliteCheckpointer.RESTART_WAIT.toMillis());
            }
            StatementSet sql = StatementSet.load("sqlite");
            GroupCommitWriter writer = new GroupCommitWriter(writeConnection, sql, new ContentCodec(s.compressAbove()),
                    clock, s.maxBatch(), s.queueCapacity(), description);
            LOG.info("opened store {} (schema {}, maxBatch {}, {} read connections)", description, version,
                    s.maxBatch(), s.readConnections());
            SqliteCheckpointer checkpointer = new SqliteCheckpointer(checkpointConnection, CHECKPOINT_INTERVAL,
                    s.maxLogSize(), description);
            writer.setBetweenBatches(checkpointer::restartIfWanted);
            return new JdbcMessageStore(sql, writer, new ReadPool(readConnections), description, List.of(checkpointer));
        } catch (SQLException | RuntimeException e) {
            for (Connection c : opened) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // already failing; the first error is the one to report
                }
            }
            throw new StoreException("cannot open the store " + description + ": " + e.getMessage(), e);
        }
    }

    private static SQLiteConfig config(Settings s, boolean writer) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout((int) s.busyTimeout().toMillis());
        config.enforceForeignKeys(true);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setGetGeneratedKeys(false);
        // Negative cache_size means KiB. Readers get a smaller cache each; the OS page cache is shared.
        long cacheKib = writer ? s.cacheSize() / 1024 : Math.min(s.cacheSize() / 1024, 16 * 1024);
        config.setCacheSize((int) -Math.max(cacheKib, 64));
        if (writer) {
            // The SqliteCheckpointer copies the log back on its own thread (see there for why).
            config.setWalAutocheckpoint(0);
            // When the log starts over, it is truncated back to this size.
            config.setJournalSizeLimit((int) Math.min(Integer.MAX_VALUE, s.maxLogSize()));
        }
        return config;
    }
}
