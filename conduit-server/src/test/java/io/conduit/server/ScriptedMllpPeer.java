package io.conduit.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A downstream system for tests: answers each MLLP frame with the acknowledgement code the script
 * gives for that frame's number (AA, AE, AR …), echoing MSH-10 in MSA-2.
 */
final class ScriptedMllpPeer implements AutoCloseable {

    private final ServerSocket server;
    private final IntFunction<String> codeForFrame;
    private final AtomicInteger frames = new AtomicInteger();
    final List<String> controlIds = new CopyOnWriteArrayList<>();

    ScriptedMllpPeer(IntFunction<String> codeForFrame) throws IOException {
        this.codeForFrame = codeForFrame;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    int frames() {
        return frames.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                int b = in.read();
                if (b == -1) {
                    return;
                }
                if (b != 0x0B) {
                    continue;
                }
                ByteArrayOutputStream frame = new ByteArrayOutputStream();
                while ((b = in.read()) != 0x1C) {
                    if (b == -1) {
                        return;
                    }
                    frame.write(b);
                }
                in.read(); // CR
                String message = frame.toString(StandardCharsets.ISO_8859_1);
                String controlId = message.split("\r")[0].split("\\|")[9];
                controlIds.add(controlId);
                String code = codeForFrame.apply(frames.incrementAndGet());
                String ack = "MSH|^~\\&|PEER|PEER|CONDUIT|CONDUIT|20260101000000||ACK^A01^ACK|P" + frames.get() + "|P|2.5.1\r"
                        + "MSA|" + code + "|" + controlId + "|scripted " + code + "\r";
                out.write(0x0B);
                out.write(ack.getBytes(StandardCharsets.ISO_8859_1));
                out.write(0x1C);
                out.write(0x0D);
                out.flush();
            }
        } catch (IOException e) {
            // connection dropped by the engine; fine for a test peer
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
