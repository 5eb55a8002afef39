package io.conduit.core.store;

import io.conduit.core.message.MessageId;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.message.Metadata;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A search hit: a message's metadata and status, without its content. */
public record MessageSummary(MessageId id, String channel, Instant receivedAt, MessageStatus status,
                             String dataType, Metadata metadata, int size, @Nullable String error) {
}
