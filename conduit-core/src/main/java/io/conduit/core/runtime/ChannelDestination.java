package io.conduit.core.runtime;

import io.conduit.core.connector.DeliveryResult;
import io.conduit.core.connector.Destination;
import io.conduit.core.connector.OutboundMessage;
import io.conduit.core.datatype.ReceiveResult;

/**
 * {@code type: channel}: hands each message to another channel of the same engine, which stores it
 * as a new message whose parent is this one (lineage), then processes it as if received.
 *
 * <p>Outcomes: stored by the target → SENT; refused as malformed or failed in the target's pipeline
 * (it is stored there as ERRORED) → ERRORED here, no retry (a retry would store it twice); target
 * not started or its store unavailable → retried under this destination's retry policy.
 */
final class ChannelDestination implements Destination {

    private final ChannelDirectory directory;
    private final String target;
    private final String origin;

    ChannelDestination(ChannelDirectory directory, String target, String sourceChannel, String destination) {
        this.directory = directory;
        this.target = target;
        this.origin = "channel:" + sourceChannel + "/" + destination;
    }

    @Override
    public DeliveryResult send(OutboundMessage message) {
        Channel channel = directory.find(target).orElse(null);
        if (channel == null) {
            return DeliveryResult.retry("channel " + target + " is not deployed");
        }
        ReceiveResult result = channel.receive(message.content(), origin, message.id());
        return switch (result) {
            case ReceiveResult.Accepted a -> DeliveryResult.sent(null, "handed to channel " + target + " as message " + a.id());
            case ReceiveResult.Rejected r -> DeliveryResult.fail("channel " + target + " rejected it as message " + r.id()
                    + ": " + r.error().describe());
            case ReceiveResult.Failed f when f.id() != null -> DeliveryResult.fail("channel " + target + " stored it as message "
                    + f.id() + " but could not process it: " + f.reason());
            case ReceiveResult.Failed f -> DeliveryResult.retry("channel " + target + " could not take it: " + f.reason());
        };
    }

    @Override
    public void close() {
    }
}
