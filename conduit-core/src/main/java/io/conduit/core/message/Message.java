package io.conduit.core.message;

import java.nio.charset.Charset;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A received message as it was received: immutable.
 *
 * @param id         time-ordered identity
 * @param channel    the channel that received it
 * @param receivedAt when the source handed it to the channel
 * @param content    the raw bytes as received (never modified; transformations produce new content)
 * @param charset    how to read {@code content} as text
 * @param dataType   the data type name, e.g. {@code hl7v2}
 * @param metadata   extracted routing/search fields
 * @param origin     where it came from, e.g. {@code mllp://10.1.2.3:50122} or {@code file:/in/a.hl7}
 * @param parent     the message this one was made from (split from it, or handed over by another
 *                   channel), or null for a message received from outside
 */
public record Message(MessageId id, String channel, Instant receivedAt, byte[] content, Charset charset,
                      String dataType, Metadata metadata, String origin, @Nullable MessageId parent) {

    /** A message received from outside (no parent). */
    public Message(MessageId id, String channel, Instant receivedAt, byte[] content, Charset charset, String dataType,
                   Metadata metadata, String origin) {
        this(id, channel, receivedAt, content, charset, dataType, metadata, origin, null);
    }

    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(charset, "charset");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(origin, "origin");
    }

    /** Never prints content: messages carry PHI. */
    @Override
    public String toString() {
        return "Message[id=" + id + ", channel=" + channel + ", type=" + metadata.getOrNull(Metadata.MESSAGE_TYPE)
                + ", bytes=" + content.length + (parent == null ? "" : ", parent=" + parent) + "]";
    }
}
