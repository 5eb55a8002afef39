package io.conduit.core.connector;

import io.conduit.core.message.MessageId;
import io.conduit.core.message.Metadata;
import java.nio.charset.Charset;
import java.time.Instant;

/**
 * One message to deliver, as the destination's transformer left it.
 *
 * @param id         the message id
 * @param channel    the channel name
 * @param receivedAt when the channel received it
 * @param content    the bytes to send
 * @param charset    how to read {@code content} as text
 * @param metadata   routing fields (for file-name templates and logs)
 * @param attempt    1 for the first attempt, counting up on retries
 */
public record OutboundMessage(MessageId id, String channel, Instant receivedAt, byte[] content, Charset charset,
                              Metadata metadata, int attempt) {

    /** Never prints content: messages carry PHI. */
    @Override
    public String toString() {
        return "OutboundMessage[id=" + id + ", channel=" + channel + ", bytes=" + content.length + ", attempt=" + attempt + "]";
    }
}
