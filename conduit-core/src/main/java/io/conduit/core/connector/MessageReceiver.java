package io.conduit.core.connector;

import io.conduit.core.datatype.ReceiveResult;

/**
 * Where a source hands each received message: the channel. Thread-safe; called from many
 * connection threads at once.
 */
public interface MessageReceiver {

    /**
     * Parses, routes and durably stores one message, and returns only after it is committed (or,
     * when the channel is configured so, after its destinations accepted it). Never throws for bad
     * input: a malformed message comes back as {@link ReceiveResult.Rejected}.
     *
     * @param raw    the message bytes exactly as received
     * @param origin where it came from, e.g. {@code mllp://10.1.2.3:50122}; no PHI
     */
    ReceiveResult receive(byte[] raw, String origin);

    /**
     * Like {@link #receive(byte[], String)} for a message made from another stored message
     * ({@code parent}, e.g. handed over by another channel); the lineage is stored.
     */
    default ReceiveResult receive(byte[] raw, String origin, io.conduit.core.message.@org.jspecify.annotations.Nullable MessageId parent) {
        return receive(raw, origin);
    }

    /**
     * Stores content the source could not even frame as a message (bytes outside a frame, a frame
     * over the size limit, a connection that closed mid-frame) as ERRORED with {@code reason}, so
     * that nothing received disappears. Returns {@link ReceiveResult.Rejected} once stored.
     *
     * @param content what was received (possibly truncated to the source's size limit)
     * @param reason  what was wrong, no PHI
     */
    ReceiveResult reject(byte[] content, String reason, String origin);
}
