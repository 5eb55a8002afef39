package io.conduit.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens a fresh connection to replace one the server dropped (a PostgreSQL restart or failover).
 * SQLite connections are files and never drop, so its store has none.
 */
@FunctionalInterface
interface ConnectionOpener {

    Connection open() throws SQLException;

    /** Whether {@code connection} still answers; false once the server dropped it. */
    static boolean isAlive(Connection connection) {
        try {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
