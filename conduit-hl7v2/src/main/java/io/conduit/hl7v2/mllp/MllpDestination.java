package io.conduit.hl7v2.mllp;

import io.conduit.core.connector.DeliveryResult;
import io.conduit.core.connector.Destination;
import io.conduit.core.connector.DestinationContext;
import io.conduit.core.connector.OutboundMessage;
import io.conduit.core.datatype.ResponseStatus;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each message in an MLLP frame and waits for the peer's answer, over a persistent
 * connection that is reopened after any failure. The delivery worker's retry policy provides the
 * back-off between reconnects.
 *
 * <p>After a timeout the connection is dropped: a late answer must never be taken for the answer
 * to the next message. Used from one delivery thread only.
 */
final class MllpDestination implements Destination {

    private static final Logger LOG = LoggerFactory.getLogger(MllpDestination.class);

    private final MllpDestinationSettings settings;
    private final DestinationContext context;
    private @Nullable SSLContext ssl;
    private @Nullable Socket socket;
    private @Nullable MllpFrameReader reader;
    private @Nullable OutputStream out;

    MllpDestination(MllpDestinationSettings settings, DestinationContext context) {
        this.settings = settings;
        this.context = context;
    }

    @Override
    public void start() throws Exception {
        if (settings.tls().isPresent()) {
            ssl = settings.tls().get().context();
        }
    }

    @Override
    public DeliveryResult send(OutboundMessage message) {
        String peer = settings.host() + ":" + settings.port();
        try {
            connectIfNeeded();
            MllpConstants.writeFrame(out, message.content());
            MllpFrameReader.Frame frame = reader.next();
            return switch (frame) {
                case MllpFrameReader.Frame.Message m -> judge(m.content());
                case MllpFrameReader.Frame.Oversized o -> {
                    disconnect();
                    yield DeliveryResult.retry("answer from " + peer + " exceeds " + settings.maxResponseBytes() + " bytes");
                }
                case MllpFrameReader.Frame.Incomplete i -> {
                    disconnect();
                    if (i.idle()) {
                        yield outcome(settings.onTimeout(), "no answer from " + peer + " within "
                                + settings.responseTimeout().toMillis() + " ms", null);
                    }
                    yield DeliveryResult.retry(peer + " closed the connection without answering");
                }
            };
        } catch (SocketTimeoutException e) {
            disconnect();
            return outcome(settings.onTimeout(), "no answer from " + peer + " within " + settings.responseTimeout().toMillis() + " ms", null);
        } catch (IOException | java.security.GeneralSecurityException e) {
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

    private void connectIfNeeded() throws IOException, java.security.GeneralSecurityException {
        if (socket != null && !socket.isClosed()) {
            return;
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.connect(new InetSocketAddress(settings.host(), settings.port()), (int) settings.connectTimeout().toMillis());
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, settings.responseTimeout().toMillis()));
            if (ssl != null) {
                var tls = settings.tls().orElseThrow();
                String name = tls.expectedHostname() != null ? tls.expectedHostname() : settings.host();
                SSLSocket secure = (SSLSocket) ssl.getSocketFactory().createSocket(s, name, settings.port(), true);
                secure.setSSLParameters(tls.parameters(ssl, false));
                secure.startHandshake();
                s = secure;
            }
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        reader = new MllpFrameReader(s.getInputStream(), settings.maxResponseBytes());
        out = new BufferedOutputStream(s.getOutputStream(), 8192);
        LOG.debug("channel {} destination {}: connected to {}:{}", context.channel(), context.destination(),
                settings.host(), settings.port());
    }

    private void disconnect() {
        Socket s = socket;
        socket = null;
        reader = null;
        out = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already failing; nothing more to do
            }
        }
    }

    @Override
    public void close() {
        disconnect();
    }
}
