package io.conduit.store.jdbc;

import io.conduit.core.store.AuditQuery;

/**
 * Builds the SQL of one {@link AuditQuery}: the dialect's {@code auditSearch} head, one portable
 * WHERE term per set filter, newest first. Like {@link MessageSearch}, only the filters' presence
 * shapes the text, so each distinct statement is prepared once per read connection.
 */
final class AuditSearch {

    private AuditSearch() {
    }

    static WhereClause.Statement of(AuditQuery query, StatementSet statements) {
        WhereClause where = new WhereClause();
        if (query.actor() != null) {
            where.term("actor = ?", query.actor());
        }
        if (query.action() != null) {
            where.term("action = ?", query.action());
        }
        if (query.channel() != null) {
            where.term("channel = ?", query.channel());
        }
        if (query.messageId() != null) {
            // message_ids is a comma-separated list: match the id as a whole item.
            where.term("(',' || message_ids || ',') LIKE ? ESCAPE '!'", "%," + WhereClause.likeLiteral(query.messageId()) + ",%");
        }
        if (query.from() != null) {
            where.term("at >= ?", query.from().toEpochMilli());
        }
        if (query.to() != null) {
            where.term("at < ?", query.to().toEpochMilli());
        }
        if (query.beforeSeq() != null) {
            where.term("seq < ?", query.beforeSeq());
        }
        return where.statement(statements.get("auditSearch"), "ORDER BY seq DESC LIMIT ?", query.limit());
    }
}
