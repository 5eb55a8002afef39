package io.conduit.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One dialect's named SQL statements, read from {@code db/statements/<dialect>.sql}. Keeping SQL in
 * per-dialect files means a new database is a new file, and the Java code names statements only.
 *
 * <p>Format: a line {@code -- name: <name>} starts a statement; other lines starting with {@code --}
 * are comments; a trailing semicolon is dropped. Immutable and thread-safe.
 */
final class StatementSet {

    private static final String NAME_MARK = "-- name:";

    private final String dialect;
    private final Map<String, String> statements;

    private StatementSet(String dialect, Map<String, String> statements) {
        this.dialect = dialect;
        this.statements = Map.copyOf(statements);
    }

    static StatementSet load(String dialect) {
        String resource = "db/statements/" + dialect + ".sql";
        try (InputStream in = StatementSet.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " (is conduit-store's jar complete?)");
            }
            return parse(dialect, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    static StatementSet parse(String dialect, String text) {
        Map<String, String> result = new LinkedHashMap<>();
        String name = null;
        StringBuilder sql = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith(NAME_MARK)) {
                put(result, name, sql);
                name = trimmed.substring(NAME_MARK.length()).strip();
                sql.setLength(0);
            } else if (!trimmed.startsWith("--") && !trimmed.isEmpty() && name != null) {
                sql.append(sql.isEmpty() ? "" : "\n").append(line.stripTrailing());
            }
        }
        put(result, name, sql);
        return new StatementSet(dialect, result);
    }

    private static void put(Map<String, String> result, String name, StringBuilder sql) {
        if (name == null) {
            return;
        }
        String text = sql.toString().strip();
        if (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty() || result.put(name, text) != null) {
            throw new IllegalStateException("statement '" + name + "' is empty or defined twice");
        }
    }

    /** @throws IllegalStateException when this dialect does not define {@code name} */
    String get(String name) {
        String sql = statements.get(name);
        if (sql == null) {
            throw new IllegalStateException("the " + dialect + " statements define no '" + name + "'");
        }
        return sql;
    }

    String dialect() {
        return dialect;
    }
}
