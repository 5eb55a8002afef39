package io.conduit.core.datatype;

import io.conduit.core.message.MessageId;
import org.jspecify.annotations.Nullable;

/**
 * What the channel did with a received message: the source turns it into the protocol's answer
 * through {@link DataType#response}.
 */
public sealed interface ReceiveResult {

    /** The message id, when the message was stored. */
    @Nullable MessageId id();

    /**
     * Stored (and routed or filtered). The source may acknowledge positively. {@code message} is
     * the message as received, before any transformer, so the answer matches what the sender sent.
     *
     * @param response the answer to send instead of the data type's own, when the channel builds it
     *                 from a destination's response ({@code respondWith}); data types that answer
     *                 return it as it is
     */
    record Accepted(MessageId id, ParsedMessage message, boolean filtered, byte @Nullable [] response) implements ReceiveResult {

        public Accepted(MessageId id, ParsedMessage message, boolean filtered) {
            this(id, message, filtered, null);
        }
    }

    /** The message is malformed or invalid. It was stored as ERRORED with the reason. */
    record Rejected(MessageId id, MessageFormatException error) implements ReceiveResult {
    }

    /**
     * The engine could not take the message (store unavailable, channel stopping, a pipeline step
     * failed, or destinations did not accept it when the source waits for them). The sender should
     * retry. {@code id} is set when the message was nevertheless stored.
     */
    record Failed(@Nullable MessageId id, String reason) implements ReceiveResult {
    }
}
