package io.conduit.store.jdbc;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.StoreException;
import io.conduit.core.store.StoreFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared store for production and for several nodes: PostgreSQL.
 *
 * <p>Settings (the server file's {@code store:} section with {@code type: postgresql}):
 * <pre>
 *   url:             jdbc:postgresql://127.0.0.1:5432/conduit   # required
 *   user:            conduit                                    # required
 *   password:        ${CONDUIT_DB_PASSWORD}                     # optional; use ${ENV}, never a literal
 *   schema:          conduit      # created and migrated on open
 *   maxBatch:        1000         # most submissions committed by one transaction
 *   queueCapacity:   10000        # submissions waiting for the writer before submit() blocks
 *   readConnections: 4            # connections reserved for reads
 * </pre>
 *
 * <p>Same tables, statements and group commit as the SQLite store; the dialect differences live in
 * {@code db/migration/postgresql/} and {@code db/statements/postgresql.sql}. Durability is the
 * server's {@code synchronous_commit} (on by default). One store (one writer) per database schema:
 * queue positions come from a sequence and are in commit order only with a single writer.
 *
 * <p>Registered for {@link java.util.ServiceLoader}; thread-safe and stateless.
 */
public final class PostgresStoreFactory implements StoreFactory {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresStoreFactory.class);
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final InstantSource clock;

    /** The factory {@link java.util.ServiceLoader} uses: system clock. */
    public PostgresStoreFactory() {
        this(InstantSource.system());
    }

    /** @param clock stamps store-side times (delivery updates that carry no time of their own) */
    public PostgresStoreFactory(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Validated PostgreSQL settings; see the class Javadoc. {@link #toString()} hides the password. */
    public record Settings(String url, String user, @Nullable String password, String schema, int maxBatch,
                           int queueCapacity, int readConnections) implements StoreSettings {

        public Settings {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(schema, "schema");
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("url must start with jdbc:postgresql:, got " + redact(url));
            }
            if (!SCHEMA_NAME.matcher(schema).matches()) {
                throw new IllegalArgumentException("schema must be a lower-case SQL name (letters, digits, _), got " + schema);
            }
            if (maxBatch < 1 || queueCapacity < 1 || readConnections < 1) {
                throw new IllegalArgumentException("maxBatch, queueCapacity and readConnections must be at least 1");
            }
        }

        /** Defaults for everything but where to connect. */
        public static Settings defaults(String url, String user, @Nullable String password, String schema) {
            return new Settings(url, user, password, schema, SqliteStoreFactory.Settings.DEFAULT_MAX_BATCH,
                    SqliteStoreFactory.Settings.DEFAULT_QUEUE_CAPACITY, SqliteStoreFactory.Settings.DEFAULT_READ_CONNECTIONS);
        }

        @Override
        public String toString() {
            return "PostgresStoreFactory.Settings[url=" + redact(url) + ", user=" + user + ", password="
                    + (password == null ? "none" : "***") + ", schema=" + schema + ", maxBatch=" + maxBatch
                    + ", queueCapacity=" + queueCapacity + ", readConnections=" + readConnections + "]";
        }

        /** The URL without its query string, which may carry credentials. */
        static String redact(String url) {
            int q = url.indexOf('?');
            return q < 0 ? url : url.substring(0, q) + "?…";
        }
    }

    @Override
    public String type() {
        return "postgresql";
    }

    @Override
    public Settings settings(ConfigNode config, Path dataDir) throws ConfigException {
        String url = config.string("url");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw config.error("url", "must be a PostgreSQL JDBC URL such as jdbc:postgresql://127.0.0.1:5432/conduit");
        }
        String user = config.string("user");
        String password = config.optString("password").orElse(null);
        String schema = config.string("schema", "conduit");
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw config.error("schema", "must be a lower-case SQL name of letters, digits and _, got '" + schema + "'");
        }
        int maxBatch = config.integer("maxBatch", SqliteStoreFactory.Settings.DEFAULT_MAX_BATCH, 1, 100_000);
        int queueCapacity = config.integer("queueCapacity", SqliteStoreFactory.Settings.DEFAULT_QUEUE_CAPACITY, 1, 1_000_000);
        int readConnections = config.integer("readConnections", SqliteStoreFactory.Settings.DEFAULT_READ_CONNECTIONS, 1, 64);
        config.finish();
        return new Settings(url, user, password, schema, maxBatch, queueCapacity, readConnections);
    }

    @Override
    public MessageStore open(StoreSettings settings) throws StoreException {
        if (!(settings instanceof Settings s)) {
            throw new IllegalArgumentException("expected PostgreSQL settings from PostgresStoreFactory.settings, got "
                    + (settings == null ? null : settings.getClass().getName()));
        }
        String description = "postgresql:" + Settings.redact(s.url()) + " schema " + s.schema();
        Migrations.migrate(c -> c.dataSource(s.url(), s.user(), s.password()).schemas(s.schema()).createSchemas(true),
                "postgresql", description);
        List<Connection> opened = new ArrayList<>();
        try {
            Connection writeConnection = connect(s);
            opened.add(writeConnection);
            List<Connection> readConnections = new ArrayList<>();
            for (int i = 0; i < s.readConnections(); i++) {
                Connection c = connect(s);
                opened.add(c);
                c.setReadOnly(true);
                readConnections.add(c);
            }
            StatementSet sql = StatementSet.load("postgresql");
            // PostgreSQL compresses large values itself (TOAST) but the columns are set to EXTERNAL so
            // it does not redo the store's LZ4; the content format is the same as SQLite's.
            GroupCommitWriter writer = new GroupCommitWriter(writeConnection, () -> connect(s), sql,
                    new ContentCodec(SqliteStoreFactory.Settings.DEFAULT_COMPRESS_ABOVE), clock, s.maxBatch(),
                    s.queueCapacity(), description);
            LOG.info("opened store {} (maxBatch {}, {} read connections)", description, s.maxBatch(), s.readConnections());
            return new JdbcMessageStore(sql, writer, new ReadPool(readConnections, () -> connect(s)), description, List.of());
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

    private static Connection connect(Settings s) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", s.user());
        if (s.password() != null) {
            props.setProperty("password", s.password());
        }
        props.setProperty("currentSchema", s.schema());
        props.setProperty("ApplicationName", "conduit-store");
        return DriverManager.getConnection(s.url(), props);
    }
}
