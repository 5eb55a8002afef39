package io.conduit.core.store;

import io.conduit.core.message.MessageId;
import io.conduit.core.message.Metadata;
import java.nio.charset.Charset;
import java.time.Instant;

/**
 * One entry of a destination queue, with what is needed to send it.
 *
 * @param seq        the queue position; increases with every enqueue, so delivery order is seq order
 * @param content    the payload given at enqueue, or the message's received content
 * @param attempts   attempts already made (0 when new)
 */
public record QueuedDelivery(long seq, MessageId id, String channel, String destination, Instant receivedAt,
                             byte[] content, Charset charset, Metadata metadata, int attempts) {

    @Override
    public String toString() {
        return "QueuedDelivery[seq=" + seq + ", id=" + id + ", destination=" + destination + ", attempts=" + attempts + "]";
    }
}
