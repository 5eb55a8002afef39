package io.conduit.hl7v2.mllp;

import io.conduit.core.tls.TlsSettings;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * A blocking MLLP connection: send a message, read the answer. Used by the MLLP destination,
 * {@code conduit send} and the load tool. Not thread-safe: one request at a time.
 */
public final class MllpClient implements AutoCloseable {

    private final Socket socket;
    private final MllpFrameReader reader;
    private final OutputStream out;
    private final int maxAnswerBytes;

    private MllpClient(Socket socket, int maxAnswerBytes) throws IOException {
        this.socket = socket;
        this.maxAnswerBytes = maxAnswerBytes;
        this.reader = new MllpFrameReader(socket.getInputStream(), maxAnswerBytes);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
    }

    /**
     * Connects (and completes the TLS handshake when {@code tls} is given).
     *
     * @param answerTimeout how long {@link #send} waits for an answer
     */
    public static MllpClient connect(String host, int port, Duration connectTimeout, Duration answerTimeout,
                                     int maxAnswerBytes, @Nullable TlsSettings tls) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, answerTimeout.toMillis()));
            if (tls != null) {
                SSLContext ssl = tls.context();
                String name = tls.expectedHostname() != null ? tls.expectedHostname() : host;
                SSLSocket secure = (SSLSocket) ssl.getSocketFactory().createSocket(s, name, port, true);
                secure.setSSLParameters(tls.parameters(ssl, false));
                secure.startHandshake();
                s = secure;
            }
            return new MllpClient(s, maxAnswerBytes);
        } catch (IOException e) {
            s.close();
            throw e;
        } catch (GeneralSecurityException e) {
            s.close();
            throw new IOException("TLS setup failed: " + e.getMessage(), e);
        }
    }

    /** Plain TCP with common defaults (10 s connect, 30 s answer, 1 MB answer limit). */
    public static MllpClient connect(String host, int port) throws IOException {
        return connect(host, port, Duration.ofSeconds(10), Duration.ofSeconds(30), 1024 * 1024, null);
    }

    /**
     * Sends one framed message and waits for the answer frame.
     *
     * @throws SocketTimeoutException when no answer comes in time
     * @throws IOException            when the connection fails or the peer closes it first
     */
    public byte[] send(byte[] message) throws IOException {
        MllpConstants.writeFrame(out, message);
        MllpFrameReader.Frame frame = reader.next();
        return switch (frame) {
            case MllpFrameReader.Frame.Message m -> m.content();
            case MllpFrameReader.Frame.Oversized o -> throw new IOException("answer exceeds " + maxAnswerBytes + " bytes");
            case MllpFrameReader.Frame.Incomplete i -> {
                if (i.idle()) {
                    throw new SocketTimeoutException("no answer within the timeout");
                }
                throw new IOException("the peer closed the connection without answering");
            }
        };
    }

    public boolean isOpen() {
        return !socket.isClosed();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
