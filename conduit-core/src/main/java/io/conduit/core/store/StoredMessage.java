package io.conduit.core.store;

import io.conduit.core.message.Message;
import io.conduit.core.message.MessageStatus;
import org.jspecify.annotations.Nullable;

/** A message with its current status, as read back from the store. */
public record StoredMessage(Message message, MessageStatus status, @Nullable String error) {
}
