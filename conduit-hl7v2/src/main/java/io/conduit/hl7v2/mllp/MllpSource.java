package io.conduit.hl7v2.mllp;

import io.conduit.core.connector.Source;
import io.conduit.core.connector.SourceContext;
import io.conduit.core.datatype.ReceiveResult;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MLLP listener: one acceptor thread, one virtual thread per connection, each connection
 * strictly request/response (a frame in, the data type's answer out).
 *
 * <p>Bad input never stops the listener: bytes outside a frame, oversized frames and frames cut
 * short are stored as ERRORED through {@link io.conduit.core.connector.MessageReceiver#reject}
 * and answered with a NAK where the sender is still listening. Logs carry message ids and peer
 * addresses, never content.
 */
final class MllpSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(MllpSource.class);

    private final MllpSourceSettings settings;
    private final SourceContext context;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> handlers = ConcurrentHashMap.newKeySet();
    private volatile @Nullable ServerSocket server;
    private volatile @Nullable Thread acceptor;
    private volatile boolean running;
    private volatile Semaphore slots;

    MllpSource(MllpSourceSettings settings, SourceContext context) {
        this.settings = settings;
        this.context = context;
        this.slots = new Semaphore(settings.maxConnections());
    }

    @Override
    public void start() throws Exception {
        ServerSocket socket;
        if (settings.tls().isPresent()) {
            SSLContext ssl = settings.tls().get().context();
            SSLServerSocket s = (SSLServerSocket) ssl.getServerSocketFactory().createServerSocket();
            s.setSSLParameters(settings.tls().get().parameters(ssl, true));
            socket = s;
        } else {
            socket = new ServerSocket();
        }
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(settings.host()), settings.port()), 256);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
        slots = new Semaphore(settings.maxConnections());
        server = socket;
        running = true;
        int port = socket.getLocalPort();
        acceptor = Thread.ofPlatform().daemon().name("conduit-mllp-acceptor-" + port).start(() -> accept(socket));
        LOG.info("channel {}: MLLP listening on {}:{}{}", context.channel(), settings.host(), port,
                settings.tls().isPresent() ? " (TLS)" : "");
    }

    @Override
    public Optional<InetSocketAddress> listenAddress() {
        ServerSocket s = server;
        return s == null || s.isClosed() ? Optional.empty() : Optional.of((InetSocketAddress) s.getLocalSocketAddress());
    }

    private void accept(ServerSocket socket) {
        while (running) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                if (running) {
                    // e.g. out of file descriptors: back off instead of spinning
                    LOG.warn("channel {}: accept failed: {}; retrying in 100 ms", context.channel(), e.toString());
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                    continue;
                }
                return;
            }
            Semaphore connectionSlots = slots;
            if (!connectionSlots.tryAcquire()) {
                LOG.warn("channel {}: refusing {}: {} connections already open (maxConnections)",
                        context.channel(), client.getRemoteSocketAddress(), settings.maxConnections());
                closeQuietly(client);
                continue;
            }
            connections.add(client);
            Thread handler = Thread.ofVirtual().name("conduit-mllp-" + context.channel() + "-" + client.getPort())
                    .unstarted(() -> serve(client, connectionSlots));
            handlers.add(handler);
            handler.start();
        }
    }

    private void serve(Socket client, Semaphore connectionSlots) {
        String origin = "mllp://" + client.getInetAddress().getHostAddress() + ":" + client.getPort();
        try (client) {
            client.setSoTimeout((int) Math.min(Integer.MAX_VALUE, settings.idleTimeout().toMillis()));
            client.setTcpNoDelay(true);
            MllpFrameReader reader = new MllpFrameReader(client.getInputStream(), settings.maxMessageBytes());
            OutputStream out = new BufferedOutputStream(client.getOutputStream(), 8192);
            while (running) {
                MllpFrameReader.Frame frame = reader.next();
                if (!handle(frame, out, origin)) {
                    return;
                }
            }
        } catch (SocketException e) {
            LOG.debug("channel {}: connection {} closed: {}", context.channel(), origin, e.toString());
        } catch (IOException e) {
            LOG.info("channel {}: connection {} failed: {}", context.channel(), origin, e.toString());
        } catch (RuntimeException e) {
            LOG.error("channel {}: unexpected failure on connection {}", context.channel(), origin, e);
        } finally {
            connections.remove(client);
            handlers.remove(Thread.currentThread());
            connectionSlots.release(); // the semaphore of the start it was accepted under

        }
    }

    /** Handles one frame; returns false when the connection should close. */
    private boolean handle(MllpFrameReader.Frame frame, OutputStream out, String origin) throws IOException {
        switch (frame) {
            case MllpFrameReader.Frame.Message m -> {
                if (m.junkBefore().length > 0) {
                    // No answer: the sender waits for the answer to the frame that follows.
                    reject(m.junkBefore(), m.junkBefore().length + " bytes received outside an MLLP frame (before the start block)", origin);
                }
                ReceiveResult result = context.receiver().receive(m.content(), origin);
                respond(out, m.content(), result);
                return true;
            }
            case MllpFrameReader.Frame.Oversized o -> {
                ReceiveResult result = reject(o.prefix(), "message of " + o.length() + " bytes exceeds the limit of "
                        + settings.maxMessageBytes() + " bytes (maxMessageBytes); the first " + o.prefix().length + " bytes are kept", origin);
                respond(out, o.prefix(), result);
                return true;
            }
            case MllpFrameReader.Frame.Incomplete i -> {
                if (i.partial().length == 0) {
                    return false; // clean close, or idle without anything pending
                }
                String reason;
                if (i.inFrame() && !running) {
                    reason = "the engine stopped while the message was arriving (the sender got no answer and should resend)";
                } else if (i.inFrame()) {
                    reason = i.idle() ? "no end block within the idle timeout of " + settings.idleTimeout().toSeconds() + "s"
                            : "the connection closed before the end block";
                } else if (i.overflow()) {
                    reason = "more than " + settings.maxMessageBytes() + " bytes received without an MLLP start block";
                } else {
                    reason = i.partial().length + " bytes received outside an MLLP frame (no start block)";
                }
                ReceiveResult result = reject(i.partial(), reason, origin);
                if (i.idle() || i.overflow()) {
                    respond(out, i.partial(), result); // the sender may be waiting: tell it, then close
                }
                return false;
            }
        }
    }

    private ReceiveResult reject(byte[] content, String reason, String origin) {
        ReceiveResult result = context.receiver().reject(content, reason, origin);
        LOG.warn("channel {}: {} from {}; stored as {}", context.channel(), reason, origin,
                result.id() == null ? "(not stored)" : result.id());
        return result;
    }

    private void respond(OutputStream out, byte[] content, ReceiveResult result) throws IOException {
        Optional<byte[]> answer = context.dataType().response(content, result);
        if (answer.isPresent()) {
            MllpConstants.writeFrame(out, answer.get());
        }
    }

    /**
     * Stops accepting, then waits (up to 30 s) for connections to finish the message they are
     * handling, and closes them.
     */
    @Override
    public void stop() {
        running = false;
        ServerSocket s = server;
        if (s != null) {
            closeQuietly(s);
        }
        Thread a = acceptor;
        if (a != null) {
            try {
                a.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Connections idle in a read are closed at once; one mid-message finishes its answer first.
        for (Socket c : connections) {
            try {
                c.shutdownInput();
            } catch (IOException | UnsupportedOperationException e) {
                closeQuietly(c);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Thread h : handlers) {
            try {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    h.join(java.time.Duration.ofNanos(left));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Socket c : connections) {
            closeQuietly(c);
        }
        server = null;
        acceptor = null;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing on the way out; nothing to do
        }
    }
}
