package io.conduit.store.jdbc;

import io.conduit.core.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small fixed pool of auto-commit connections for reads, separate from the writer's connection
 * so reads never wait for a commit (in WAL mode each statement reads a committed snapshot). Each
 * connection keeps its prepared statements. A reader blocks while all connections are busy.
 *
 * <p>Thread-safe.
 */
final class ReadPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReadPool.class);

    /** A read to run with a pooled connection. */
    @FunctionalInterface
    interface Read<T> {
        T run(ReadConnection connection) throws SQLException;
    }

    /** A pooled connection with its statement cache; confined to the thread that borrowed it. */
    static final class ReadConnection {
        private final Connection connection;
        private final Map<String, PreparedStatement> statements = new HashMap<>();

        ReadConnection(Connection connection) {
            this.connection = connection;
        }

        PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement ps = statements.get(sql);
            if (ps == null) {
                ps = connection.prepareStatement(sql);
                statements.put(sql, ps);
            }
            return ps;
        }

        void close() {
            try {
                connection.close(); // closes its statements too
            } catch (SQLException e) {
                LOG.warn("closing a read connection failed: {}", e.toString());
            }
        }
    }

    private final BlockingQueue<ReadConnection> idle;
    private final List<ReadConnection> all = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final @Nullable ConnectionOpener reopen;
    private volatile boolean closed;

    ReadPool(List<Connection> connections) {
        this(connections, null);
    }

    /** @param reopen opens a replacement when the server drops a connection; null when none can drop */
    ReadPool(List<Connection> connections, @Nullable ConnectionOpener reopen) {
        this.reopen = reopen;
        idle = new ArrayBlockingQueue<>(connections.size());
        for (Connection c : connections) {
            ReadConnection rc = new ReadConnection(c);
            all.add(rc);
            idle.add(rc);
        }
    }

    /**
     * Runs {@code read} on a pooled connection.
     *
     * @param operation names the read in errors, with ids only (no PHI)
     */
    <T> T read(String operation, Read<T> read) throws StoreException {
        if (closed) {
            throw new StoreException(operation + ": the store is closed");
        }
        ReadConnection connection;
        try {
            // Poll rather than take: after close() drains the pool, a late reader must not wait forever.
            connection = idle.poll(1, TimeUnit.SECONDS);
            while (connection == null) {
                if (closed) {
                    throw new StoreException(operation + ": the store is closed");
                }
                connection = idle.poll(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(operation + ": interrupted while waiting for a read connection", e);
        }
        try {
            try {
                return read.run(connection);
            } catch (SQLException e) {
                ReadConnection fresh = reopenIfDropped(connection);
                if (fresh == null) {
                    throw e;
                }
                connection = fresh;
                return read.run(connection); // once more, on the new connection
            }
        } catch (SQLException e) {
            throw new StoreException(operation + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // e.g. content in an unknown format, an unknown status code: damaged or newer data
            throw new StoreException(operation + " failed reading stored data: " + e.getMessage(), e);
        } finally {
            idle.add(connection);
        }
    }

    /** A replacement for {@code dropped} when the server dropped it, else null. */
    private @Nullable ReadConnection reopenIfDropped(ReadConnection dropped) {
        if (reopen == null || ConnectionOpener.isAlive(dropped.connection)) {
            return null;
        }
        try {
            Connection c = reopen.open();
            c.setReadOnly(true);
            ReadConnection fresh = new ReadConnection(c);
            all.remove(dropped);
            all.add(fresh);
            dropped.close();
            LOG.info("replaced a dropped read connection");
            return fresh;
        } catch (SQLException e) {
            return null;
        }
    }

    /** Waits briefly for in-flight reads, then closes every connection. */
    @Override
    public void close() {
        closed = true;
        int returned = 0;
        try {
            while (returned < all.size() && idle.poll(5, TimeUnit.SECONDS) != null) {
                returned++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (returned < all.size()) {
            LOG.warn("closing the store while {} reads are still running", all.size() - returned);
        }
        all.forEach(ReadConnection::close);
    }
}
