/**
 * The JDBC message store: SQLite (the embedded default) and, sharing the same code, other
 * dialects whose SQL lives in resource files.
 *
 * <p><b>Public surface:</b> {@link io.conduit.store.jdbc.SqliteStoreFactory} (found by
 * {@link java.util.ServiceLoader} as store type {@code sqlite}) and {@link io.conduit.store.jdbc.StoreStats}.
 * Everything else is package-private.
 *
 * <p><b>Design:</b> one {@code GroupCommitWriter} thread owns the only write connection and commits
 * whatever was submitted meanwhile in one transaction (group commit, one fsync for many messages);
 * reads use a small pool of other connections and see committed snapshots (WAL). Content is stored
 * in a 1-byte-header format ({@code ContentCodec}: raw or LZ4). All tables are shared by every
 * channel; statuses and stages are stored as their stable one-letter codes.
 *
 * <p><b>SQL</b> lives outside the Java code: schema migrations in {@code db/migration/<dialect>/}
 * (Flyway, which supports SQLite and, with {@code flyway-database-postgresql}, PostgreSQL) and the
 * statements the store runs in {@code db/statements/<dialect>.sql}.
 *
 * <p><b>PHI:</b> logs and exception texts name message ids, channels and destinations only, never
 * content or metadata values.
 */
@NullMarked
package io.conduit.store.jdbc;

import org.jspecify.annotations.NullMarked;
