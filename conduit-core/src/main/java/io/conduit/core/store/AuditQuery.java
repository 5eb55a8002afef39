package io.conduit.core.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An audit log search. Null fields do not constrain. Results come newest first; {@code beforeSeq}
 * is the cursor from the previous page.
 *
 * @param messageId entries naming this message id
 * @param from      at or after (inclusive)
 * @param to        before (exclusive)
 * @param beforeSeq only entries with a smaller seq (the paging cursor), or null for the newest
 * @param limit     page size, 1..10000
 */
public record AuditQuery(@Nullable String actor, @Nullable String action, @Nullable String channel,
                         @Nullable String messageId, @Nullable Instant from, @Nullable Instant to,
                         @Nullable Long beforeSeq, int limit) {

    public AuditQuery {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be between 1 and 10000, got " + limit);
        }
    }
}
