package io.conduit.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the SQLite write-ahead log back into the database file on its own thread and connection.
 *
 * <p>Why: by default the connection that commits runs the checkpoint when the log passes 1000
 * pages, inside that commit. With group commit the commits are large, so nearly every commit would
 * also pay a checkpoint (random writes to the database file plus fsyncs) on the single writer
 * thread, stalling every submitter. Here the writer's automatic checkpoint is off and this thread
 * runs PASSIVE checkpoints, which never block the writer or readers; the log is reused from its
 * start once a checkpoint completed. If this thread fell far behind, SQLite's own limit
 * ({@code journal_size_limit}) still bounds the file after the next complete checkpoint.
 *
 * <p>Thread: {@code conduit-store-checkpointer}.
 */
final class SqliteCheckpointer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteCheckpointer.class);

    private final Connection connection;
    private final long intervalMillis;
    private final String description;
    private final Thread thread;
    private volatile boolean running = true;

    SqliteCheckpointer(Connection connection, Duration interval, String description) {
        this.connection = connection;
        this.intervalMillis = interval.toMillis();
        this.description = description;
        this.thread = Thread.ofPlatform().name("conduit-store-checkpointer").daemon(true).start(this::run);
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                break; // close() interrupts to stop us
            }
            checkpoint("PASSIVE");
        }
    }

    private void checkpoint(String mode) {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            if (rs.next() && rs.getInt(1) != 0) {
                LOG.debug("checkpoint of {} was busy ({} of {} log pages copied)", description, rs.getInt(3), rs.getInt(2));
            }
        } catch (SQLException e) {
            LOG.warn("checkpoint of {} failed: {}", description, e.toString());
        }
    }

    /** Stops the thread, runs a final checkpoint that empties the log, and closes the connection. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpoint("TRUNCATE");
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the checkpoint connection of {} failed: {}", description, e.toString());
        }
    }
}
