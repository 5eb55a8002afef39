package io.conduit.bench.load;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The physical-limit baseline: an MLLP responder that answers every frame with the same canned
 * ACK, without parsing or storing anything. {@code java -cp benchmarks.jar
 * io.conduit.bench.load.CannedAckResponder PORT}.
 */
public final class CannedAckResponder {

    private static final byte[] ACK = ("MSH|^~\\&|BENCH|BENCH|LOAD|LOAD|20260101000000||ACK^A01^ACK|1|P|2.5.1\rMSA|AA|1\r")
            .getBytes(StandardCharsets.ISO_8859_1);

    private CannedAckResponder() {
    }

    public static void main(String[] args) throws IOException {
        ServerSocket server = listen(Integer.parseInt(args[0]));
        System.out.println("canned ACK responder listening on " + server.getLocalPort());
        serve(server);
    }

    static ServerSocket listen(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress("127.0.0.1", port), 512);
        return server;
    }

    /** Accepts until the server socket closes, one virtual thread per connection. */
    static void serve(ServerSocket server) {
        serve(server, new java.util.concurrent.atomic.AtomicLong());
    }

    /** Like {@link #serve(ServerSocket)}, counting the frames answered. */
    static void serve(ServerSocket server, java.util.concurrent.atomic.AtomicLong answered) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> handle(s, answered));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Writes the canned ACK as one MLLP frame and flushes it. */
    static void answer(OutputStream out) throws IOException {
        out.write(0x0B);
        out.write(ACK);
        out.write(0x1C);
        out.write(0x0D);
        out.flush();
    }

    private static void handle(Socket s, java.util.concurrent.atomic.AtomicLong answered) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream(), 16384);
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 1024);
            int b;
            while ((b = in.read()) != -1) {
                if (b == 0x1C) {
                    in.read(); // CR
                    answer(out);
                    answered.incrementAndGet();
                }
            }
        } catch (IOException ignored) {
            // peer went away
        }
    }
}
