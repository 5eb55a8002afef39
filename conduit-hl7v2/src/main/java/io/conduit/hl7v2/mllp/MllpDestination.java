package io.conduit.hl7v2.mllp;

import io.conduit.core.connector.DeliveryResult;
import io.conduit.core.connector.Destination;
import io.conduit.core.connector.DestinationContext;
import io.conduit.core.connector.OutboundMessage;
import io.conduit.core.datatype.ResponseStatus;
import java.io.IOException;
import java.net.SocketTimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each message in an MLLP frame and waits for the peer's answer, over a persistent
 * connection that is reopened after any failure. The delivery worker's retry policy provides the
 * back-off between reconnects.
 *
 * <p>After a timeout or any failure the connection is dropped: a late answer must never be taken
 * for the answer to the next message. Used from one delivery thread only.
 */
final class MllpDestination implements Destination {

    private static final Logger LOG = LoggerFactory.getLogger(MllpDestination.class);

    private final MllpDestinationSettings settings;
    private final DestinationContext context;
    private final String peer;
    private @Nullable MllpClient client;

    MllpDestination(MllpDestinationSettings settings, DestinationContext context) {
        this.settings = settings;
        this.context = context;
        this.peer = settings.host() + ":" + settings.port();
    }

    @Override
    public DeliveryResult send(OutboundMessage message) {
        try {
            if (client == null || !client.isOpen()) {
                client = MllpClient.connect(settings.host(), settings.port(), settings.connectTimeout(),
                        settings.responseTimeout(), settings.maxResponseBytes(), settings.tls().orElse(null));
                LOG.debug("channel {} destination {}: connected to {}", context.channel(), context.destination(), peer);
            }
            return judge(client.send(message.content()));
        } catch (SocketTimeoutException e) {
            disconnect();
            return outcome(settings.onTimeout(), "no answer from " + peer + " within "
                    + settings.responseTimeout().toMillis() + " ms", null);
        } catch (IOException e) {
            disconnect();
            return DeliveryResult.retry("cannot deliver to " + peer + ": " + e.getMessage());
        } finally {
            if (!settings.persistent()) {
                disconnect();
            }
        }
    }

    private DeliveryResult judge(byte[] answer) {
        ResponseStatus status = context.dataType().interpretResponse(answer);
        return switch (status.verdict()) {
            case ACCEPTED -> DeliveryResult.sent(answer, status.detail());
            case ERROR -> outcome(settings.onError(), status.detail(), answer);
            case REJECTED -> outcome(settings.onReject(), status.detail(), answer);
        };
    }

    private static DeliveryResult outcome(MllpDestinationSettings.Outcome outcome, String reason, byte @Nullable [] answer) {
        return outcome == MllpDestinationSettings.Outcome.RETRY
                ? new DeliveryResult.Retry(reason, answer)
                : new DeliveryResult.Fail(reason, answer);
    }

    private void disconnect() {
        MllpClient c = client;
        client = null;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void close() {
        disconnect();
    }
}
