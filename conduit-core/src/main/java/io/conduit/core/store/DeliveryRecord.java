package io.conduit.core.store;

import io.conduit.core.message.MessageId;
import io.conduit.core.message.MessageStatus;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Where one destination's delivery of a message stands. */
public record DeliveryRecord(MessageId id, String channel, String destination, MessageStatus status, int attempts,
                             @Nullable String lastError, Instant updatedAt) {
}
