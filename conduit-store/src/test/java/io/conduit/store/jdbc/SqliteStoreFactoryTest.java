package io.conduit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.StoreException;
import io.conduit.core.store.StoreFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreFactoryTest {

    @TempDir
    Path dir;

    private static ConfigNode yaml(String text) throws ConfigException {
        return ConfigNode.parse(text, "server.yaml", name -> null);
    }

    @Test
    void serviceLoader_findsTheSqliteFactory() {
        assertThat(ServiceLoader.load(StoreFactory.class).stream().map(ServiceLoader.Provider::get).map(StoreFactory::type))
                .contains("sqlite");
    }

    @Test
    void settings_defaults_putTheDatabaseInTheDataDirectory() throws Exception {
        var settings = new SqliteStoreFactory().settings(yaml(""), dir);

        assertThat(settings).isEqualTo(SqliteStoreFactory.Settings.defaults(dir.resolve("conduit.db").toAbsolutePath()));
    }

    @Test
    void settings_readsEveryKey() throws Exception {
        var settings = new SqliteStoreFactory().settings(yaml("""
                path: store/main.db
                maxBatch: 200
                queueCapacity: 500
                readConnections: 2
                busyTimeout: 2s
                cacheSize: 16MB
                compressAbove: 1KB
                """), dir);

        assertThat(settings.path()).isEqualTo(dir.resolve("store/main.db").toAbsolutePath());
        assertThat(settings.maxBatch()).isEqualTo(200);
        assertThat(settings.queueCapacity()).isEqualTo(500);
        assertThat(settings.readConnections()).isEqualTo(2);
        assertThat(settings.busyTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.cacheSize()).isEqualTo(16L * 1024 * 1024);
        assertThat(settings.compressAbove()).isEqualTo(1024);
    }

    @Test
    void settings_unknownKey_isRejectedWithItsName() {
        assertThatThrownBy(() -> new SqliteStoreFactory().settings(yaml("pth: x.db\n"), dir))
                .isInstanceOf(ConfigException.class).hasMessageContaining("pth").hasMessageContaining("path");
    }

    @Test
    void settings_badValue_namesFieldAndRule() {
        assertThatThrownBy(() -> new SqliteStoreFactory().settings(yaml("maxBatch: 0\n"), dir))
                .isInstanceOf(ConfigException.class).hasMessageContaining("maxBatch").hasMessageContaining("between 1");
    }

    @Test
    void open_createsDirectoriesAndAWalDatabase() throws Exception {
        Path file = dir.resolve("nested/deeper/conduit.db");
        try (MessageStore store = new SqliteStoreFactory().open(SqliteStoreFactory.Settings.defaults(file))) {
            assertThat(Files.exists(file)).isTrue();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
            }
        }
    }

    @Test
    void open_refusesADatabaseWhoseAppliedMigrationWasChanged() throws Exception {
        Path file = dir.resolve("conduit.db");
        new SqliteStoreFactory().open(SqliteStoreFactory.Settings.defaults(file)).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
        }

        assertThatThrownBy(() -> new SqliteStoreFactory().open(SqliteStoreFactory.Settings.defaults(file)))
                .isInstanceOf(StoreException.class).hasMessageContaining("cannot migrate").hasMessageContaining("checksum");
    }

    @Test
    void open_withOtherSettings_isRejected() {
        assertThatThrownBy(() -> new SqliteStoreFactory().open(new StoreFactory.StoreSettings() { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SQLite settings");
    }

    @Test
    void dialectStatementFiles_defineTheSameStatements() {
        StatementSet sqlite = StatementSet.load("sqlite");
        StatementSet postgresql = StatementSet.load("postgresql");
        for (String name : new String[] {"insertMessage", "insertStage", "enqueue", "markQueued", "recordAttempt",
                "completeDelivery", "markSentWhenDone", "setStatus", "findMessage", "stages", "deliveries", "pending",
                "queueDepth", "deliveriesWithOpenStatus", "deliveriesWithStatus", "search"}) {
            assertThat(sqlite.get(name)).isNotBlank();
            assertThat(postgresql.get(name)).isNotBlank();
            assertThat(count(sqlite.get(name))).as(name + " parameters").isEqualTo(count(postgresql.get(name)));
        }
    }

    private static long count(String sql) {
        // Numbered parameters (?1, ?2 … may repeat) count once each; plain ones count each time.
        java.util.regex.Matcher numbered = java.util.regex.Pattern.compile("\\?(\\d+)").matcher(sql);
        long highest = 0;
        while (numbered.find()) {
            highest = Math.max(highest, Long.parseLong(numbered.group(1)));
        }
        return highest > 0 ? highest : sql.chars().filter(c -> c == '?').count();
    }
}
