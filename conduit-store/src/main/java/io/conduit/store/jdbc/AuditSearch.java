package io.conduit.store.jdbc;

import io.conduit.core.store.AuditQuery;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the SQL of one {@link AuditQuery}: the dialect's {@code auditSearch} head, one portable
 * WHERE term per set filter, newest first. Like {@link MessageSearch}, only the filters' presence
 * shapes the text, so each distinct statement is prepared once per read connection.
 */
final class AuditSearch {

    private final String sql;
    private final List<Object> parameters;

    private AuditSearch(String sql, List<Object> parameters) {
        this.sql = sql;
        this.parameters = parameters;
    }

    static AuditSearch of(AuditQuery query, StatementSet statements) {
        StringBuilder sql = new StringBuilder(statements.get("auditSearch"));
        List<Object> params = new ArrayList<>();
        List<String> terms = new ArrayList<>();
        if (query.actor() != null) {
            terms.add("actor = ?");
            params.add(query.actor());
        }
        if (query.action() != null) {
            terms.add("action = ?");
            params.add(query.action());
        }
        if (query.channel() != null) {
            terms.add("channel = ?");
            params.add(query.channel());
        }
        if (query.messageId() != null) {
            // message_ids is a comma-separated list: match the id as a whole item.
            terms.add("(',' || message_ids || ',') LIKE ? ESCAPE '!'");
            params.add("%," + MessageSearch.likeLiteral(query.messageId()) + ",%");
        }
        if (query.from() != null) {
            terms.add("at >= ?");
            params.add(query.from().toEpochMilli());
        }
        if (query.to() != null) {
            terms.add("at < ?");
            params.add(query.to().toEpochMilli());
        }
        if (query.beforeSeq() != null) {
            terms.add("seq < ?");
            params.add(query.beforeSeq());
        }
        if (!terms.isEmpty()) {
            sql.append("\nWHERE ").append(String.join(" AND ", terms));
        }
        sql.append("\nORDER BY seq DESC LIMIT ?");
        params.add(query.limit());
        return new AuditSearch(sql.toString(), List.copyOf(params));
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
