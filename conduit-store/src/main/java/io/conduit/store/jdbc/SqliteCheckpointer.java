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
 * runs PASSIVE checkpoints, which never block the writer or readers.
 *
 * <p>The log is reused from its start only when a writer begins after a complete checkpoint while
 * no reader is using the log. Under sustained load that moment never comes (the writer commits
 * every few milliseconds and the delivery workers read just as often), so PASSIVE alone let the
 * log grow without bound: 4.5 GB in 65 s at 4,000 msg/s. When the log passes the store's
 * {@code maxLogSize}, a RESTART checkpoint runs between two of the writer's batches (the
 * writer calls {@link #restartIfWanted()}; run from this thread, it would wait for a gap between
 * commits that rarely comes): it copies the few frames PASSIVE left, waits for the readers already
 * in the log (new ones read the database file meanwhile), and the next commit starts the log again
 * from its start, where {@code journal_size_limit} truncates it. Submitters wait meanwhile; the
 * next batch is larger. A reader that stays in the log longer than {@link #RESTART_WAIT} (a long
 * search) makes the restart give up rather than stall ingest; the next one is tried 200 ms later.
 *
 * <p>Thread: {@code conduit-store-checkpointer}.
 */
final class SqliteCheckpointer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteCheckpointer.class);

    /** How long a log restart waits for the readers still in the log (the writer waits as long). */
    static final Duration RESTART_WAIT = Duration.ofMillis(100);

    private final Connection connection;
    private final long intervalMillis;
    private final String description;
    private final Thread thread;
    private volatile boolean running = true;
    /** Log size in frames beyond which the log is started over rather than left to grow. */
    private final long restartFrames;
    /** Set when the log passed {@link #restartFrames}; cleared by the writer's restart. */
    private volatile boolean restartWanted;
    /** The connection serves this thread's checkpoints and the writer's restarts, one at a time. */
    private final Object connectionLock = new Object();

    /** @param maxLogBytes the log size beyond which it is started over (read as 4 KB frames) */
    SqliteCheckpointer(Connection connection, Duration interval, long maxLogBytes, String description) {
        this.connection = connection;
        this.restartFrames = Math.max(1, maxLogBytes / 4096);
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
            if (checkpoint("PASSIVE") >= restartFrames) {
                restartWanted = true;
            }
        }
    }

    /**
     * Called by the writer thread between batches (holding no lock): starts the log over when it
     * grew past the limit.
     */
    void restartIfWanted() {
        if (restartWanted) {
            restartWanted = false;
            checkpoint("RESTART");
        }
    }

    /** Runs one checkpoint; returns the log's size in frames (0 when unknown). */
    private int checkpoint(String mode) {
        synchronized (connectionLock) {
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
                if (!rs.next()) {
                    return 0;
                }
                if (rs.getInt(1) != 0) {
                    LOG.debug("{} checkpoint of {} was busy ({} of {} log pages copied)", mode, description, rs.getInt(3),
                            rs.getInt(2));
                }
                return rs.getInt(2);
            } catch (SQLException e) {
                LOG.warn("checkpoint of {} failed: {}", description, e.toString());
                return 0;
            }
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
