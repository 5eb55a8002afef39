package io.conduit.store.jdbc;

import io.conduit.core.message.MessageStatus;
import io.conduit.core.store.MessageQuery;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the SQL of one {@link MessageQuery}: the dialect's {@code search} head, one portable WHERE
 * term per set filter, newest first, one row more than the page so the caller knows whether
 * another page may follow. Only the filters' presence shapes the text, so at most a few hundred
 * distinct statements exist and each is prepared once per read connection.
 */
final class MessageSearch {

    private final String sql;
    private final List<Object> parameters;

    private MessageSearch(String sql, List<Object> parameters) {
        this.sql = sql;
        this.parameters = parameters;
    }

    static MessageSearch of(MessageQuery query, StatementSet statements) {
        StringBuilder sql = new StringBuilder(statements.get("search"));
        List<Object> params = new ArrayList<>();
        List<String> terms = new ArrayList<>();
        if (query.channel() != null) {
            terms.add("channel = ?");
            params.add(query.channel());
        }
        if (query.from() != null) {
            terms.add("received_at >= ?");
            params.add(query.from().toEpochMilli());
        }
        if (query.to() != null) {
            terms.add("received_at < ?");
            params.add(query.to().toEpochMilli());
        }
        if (query.status() != null) {
            terms.add("status = ?");
            params.add(WriteApplier.code(query.status()));
            if (query.status() != MessageStatus.SENT) {
                // Written out so the planner may use the partial index messages_open_status.
                terms.add("status <> 'S'");
            }
        }
        if (query.messageType() != null) {
            terms.add("message_type = ?");
            params.add(query.messageType());
        }
        if (query.controlId() != null) {
            terms.add("control_id = ?");
            params.add(query.controlId());
        }
        if (query.patientId() != null) {
            terms.add("patient_id = ?");
            params.add(query.patientId());
        }
        if (query.text() != null) {
            // Metadata is stored as "key=value" lines; lower() on both sides makes the match
            // case-insensitive in every dialect (PostgreSQL's LIKE is case-sensitive).
            terms.add("lower(metadata) LIKE ? ESCAPE '!'");
            params.add("%" + likeLiteral(query.text().toLowerCase(java.util.Locale.ROOT)) + "%");
        }
        if (query.before() != null) {
            terms.add("id < ?");
            params.add(query.before().value());
        }
        if (!terms.isEmpty()) {
            sql.append("\nWHERE ").append(String.join(" AND ", terms));
        }
        sql.append("\nORDER BY id DESC LIMIT ?");
        params.add(query.limit() + 1);
        return new MessageSearch(sql.toString(), List.copyOf(params));
    }

    /** Escapes LIKE's wildcards so the text matches literally ('!' is the escape character). */
    static String likeLiteral(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    String sql() {
        return sql;
    }

    void bind(PreparedStatement ps) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object p = parameters.get(i);
            if (p instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (p instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, (String) p);
            }
        }
    }
}
