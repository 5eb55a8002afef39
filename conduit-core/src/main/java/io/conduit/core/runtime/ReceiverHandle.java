package io.conduit.core.runtime;

import io.conduit.core.connector.MessageReceiver;
import io.conduit.core.datatype.ReceiveResult;

/**
 * The receiver a source is built with, bound to its channel once the channel exists: sources are
 * built at validation time, before there is a store to receive into.
 */
final class ReceiverHandle implements MessageReceiver {

    private volatile MessageReceiver target;

    void bind(MessageReceiver receiver) {
        this.target = receiver;
    }

    @Override
    public ReceiveResult receive(byte[] raw, String origin) {
        MessageReceiver t = target;
        if (t == null) {
            return new ReceiveResult.Failed(null, "channel is not running");
        }
        return t.receive(raw, origin);
    }

    @Override
    public ReceiveResult reject(byte[] content, String reason, String origin) {
        MessageReceiver t = target;
        if (t == null) {
            return new ReceiveResult.Failed(null, "channel is not running");
        }
        return t.reject(content, reason, origin);
    }
}
