package io.conduit.core.store;

import io.conduit.core.message.MessageId;
import io.conduit.core.message.MessageStatus;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A message search. Null fields do not constrain. Results come newest first; {@code before} is
 * the cursor from the previous page.
 *
 * @param from   received at or after (inclusive)
 * @param to     received before (exclusive)
 * @param text   free text: messages with a metadata key or value containing it, ignoring case
 * @param before only ids strictly less than this (the paging cursor)
 * @param limit  page size, 1..1000
 */
public record MessageQuery(@Nullable String channel, @Nullable Instant from, @Nullable Instant to,
                           @Nullable MessageStatus status, @Nullable String messageType,
                           @Nullable String controlId, @Nullable String patientId,
                           @Nullable String text, @Nullable MessageId before, int limit) {

    public MessageQuery {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000, got " + limit);
        }
    }

    /** Everything, newest first, {@code limit} per page. */
    public static MessageQuery all(int limit) {
        return new MessageQuery(null, null, null, null, null, null, null, null, null, limit);
    }

    public MessageQuery withChannel(@Nullable String value) {
        return new MessageQuery(value, from, to, status, messageType, controlId, patientId, text, before, limit);
    }

    public MessageQuery withTimeRange(@Nullable Instant fromValue, @Nullable Instant toValue) {
        return new MessageQuery(channel, fromValue, toValue, status, messageType, controlId, patientId, text, before, limit);
    }

    public MessageQuery withStatus(@Nullable MessageStatus value) {
        return new MessageQuery(channel, from, to, value, messageType, controlId, patientId, text, before, limit);
    }

    public MessageQuery withMessageType(@Nullable String value) {
        return new MessageQuery(channel, from, to, status, value, controlId, patientId, text, before, limit);
    }

    public MessageQuery withControlId(@Nullable String value) {
        return new MessageQuery(channel, from, to, status, messageType, value, patientId, text, before, limit);
    }

    public MessageQuery withPatientId(@Nullable String value) {
        return new MessageQuery(channel, from, to, status, messageType, controlId, value, text, before, limit);
    }

    public MessageQuery withText(@Nullable String value) {
        return new MessageQuery(channel, from, to, status, messageType, controlId, patientId, value, before, limit);
    }

    public MessageQuery withBefore(@Nullable MessageId value) {
        return new MessageQuery(channel, from, to, status, messageType, controlId, patientId, text, value, limit);
    }
}
