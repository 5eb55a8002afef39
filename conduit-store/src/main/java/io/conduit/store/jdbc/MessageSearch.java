package io.conduit.store.jdbc;

import io.conduit.core.message.MessageId;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.store.MessageQuery;

/**
 * Builds the SQL of one {@link MessageQuery}: the dialect's {@code search} head, one portable WHERE
 * term per set filter, newest first, one row more than the page so the caller knows whether
 * another page may follow. Only the filters' presence shapes the text, so at most a few hundred
 * distinct statements exist and each is prepared once per read connection.
 */
final class MessageSearch {

    private static final java.time.Duration ID_SLACK = java.time.Duration.ofMinutes(1);

    private MessageSearch() {
    }

    static WhereClause.Statement of(MessageQuery query, StatementSet statements) {
        WhereClause where = new WhereClause();
        if (query.channel() != null) {
            where.term("channel = ?", query.channel());
        }
        if (query.from() != null) {
            where.term("received_at >= ?", query.from().toEpochMilli());
            // Ids sort by the time they were made, which is never earlier than a message's receipt
            // (less a moment: the id is taken just before the clock is read). Bounding the id as
            // well lets a newest-first scan stop at the start of the range instead of reading the
            // whole table when few rows match (a free-text search); a minute of slack covers the moment.
            where.term("id >= ?", MessageId.lowestAt(query.from().minus(ID_SLACK)).value());
        }
        if (query.to() != null) {
            where.term("received_at < ?", query.to().toEpochMilli());
        }
        if (query.status() != null) {
            where.term("status = ?", WriteApplier.code(query.status()));
            if (query.status() != MessageStatus.SENT) {
                // Written out so the planner may use the partial index messages_open_status.
                where.term("status <> 'S'");
            }
        }
        if (query.messageType() != null) {
            where.term("message_type = ?", query.messageType());
        }
        if (query.controlId() != null) {
            where.term("control_id = ?", query.controlId());
        }
        if (query.patientId() != null) {
            where.term("patient_id = ?", query.patientId());
        }
        if (query.text() != null) {
            // Metadata is stored as "key=value" lines. Each dialect matches ignoring case its own way
            // (SQLite's LIKE folds ASCII only; PostgreSQL's ILIKE folds every letter); folding in Java
            // as well would make non-ASCII text unfindable on SQLite.
            where.term(statements.get("metadataContains"), "%" + WhereClause.likeLiteral(query.text()) + "%");
        }
        if (query.before() != null) {
            where.term("id < ?", query.before().value());
        }
        return where.statement(statements.get("search"), "ORDER BY id DESC LIMIT ?", query.limit() + 1);
    }
}
