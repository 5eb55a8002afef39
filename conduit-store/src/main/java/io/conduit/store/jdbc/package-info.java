/**
 * The JDBC message store: SQLite (the embedded default) and, sharing the same code, other
 * dialects whose SQL lives in resource files.
 *
 * <p><b>Public surface:</b> {@link io.conduit.store.jdbc.SqliteStoreFactory} (store type
 * {@code sqlite}) and {@link io.conduit.store.jdbc.PostgresStoreFactory} (store type
 * {@code postgresql}), both found by {@link java.util.ServiceLoader}, their settings records, and
 * {@link io.conduit.store.jdbc.StoreStats}. Everything else is package-private.
 *
 * <p><b>Design:</b> one {@code GroupCommitWriter} thread owns the only write connection and commits
 * whatever was submitted meanwhile in one transaction (group commit, one fsync for many messages);
 * reads use a small pool of other connections and see committed snapshots (WAL). Content is stored
 * in a 1-byte-header format ({@code ContentCodec}: raw, LZ4, or a zstd delta against the received
 * content for what steps derived from it). All tables are shared by every channel; statuses and
 * stages are stored as their stable one-letter codes.
 *
 * <p><b>SQL</b> lives outside the Java code: schema migrations in {@code db/migration/<dialect>/}
 * and the statements the store runs in {@code db/statements/<dialect>.sql}. Migrations run with
 * Flyway rather than a home-made runner: flyway-core supports SQLite out of the box (checked with
 * 12.4.0) and {@code flyway-database-postgresql} adds PostgreSQL; Flyway's validation refuses a
 * database whose applied migration files were changed afterwards.
 *
 * <p><b>Threads:</b> {@code conduit-store-writer} (the group-commit writer, a platform thread since
 * every SQLite call is native and would pin a virtual thread's carrier anyway),
 * {@code conduit-store-checkpointer} (SQLite only) and short-lived virtual
 * {@code conduit-store-completion-N} threads that complete the submitters' futures.
 *
 * <p><b>PHI:</b> logs and exception texts name message ids, channels and destinations only, never
 * content or metadata values.
 */
@NullMarked
package io.conduit.store.jdbc;

import org.jspecify.annotations.NullMarked;
