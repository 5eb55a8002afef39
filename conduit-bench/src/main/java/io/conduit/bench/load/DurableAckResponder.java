package io.conduit.bench.load;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;

/**
 * The durable floor: what "store, then acknowledge" costs at the least on this machine. Like
 * {@link CannedAckResponder} it answers every MLLP frame with a canned ACK and parses nothing, but
 * only after the frame's bytes are written to a log file and {@code fdatasync}ed. One writer thread
 * does group commit as the engine's store does (whatever arrived while the previous sync ran goes
 * into the next write and shares its sync), into a preallocated ring file so a sync never has to
 * update the file's size. No index, no database, no compression, no parsing: an engine that keeps
 * every message cannot be cheaper than this, so {@code conduit ÷ durable} says how much of the
 * remaining gap is the engine's and how much is the disk and the two shared cores.
 *
 * <p>{@code java -cp benchmarks.jar io.conduit.bench.load.DurableAckResponder PORT LOGFILE}
 */
public final class DurableAckResponder {

    /** Ring size: large enough that wrapping around is rare, small enough to preallocate quickly. */
    private static final long RING_BYTES = 256L << 20;

    private record Append(byte[] frame, CompletableFuture<Void> synced) {
    }

    private final BlockingQueue<Append> queue = new ArrayBlockingQueue<>(4096);
    private final FileChannel log;
    private long position;
    private long syncs;
    private long appends;

    private DurableAckResponder(Path file) throws IOException {
        log = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
        for (long at = 0; at < RING_BYTES; at += zeros.capacity()) {
            zeros.clear();
            log.write(zeros, at);
        }
        log.force(true);
    }

    public static void main(String[] args) throws IOException {
        DurableAckResponder responder = new DurableAckResponder(Path.of(args[1]));
        Thread.ofPlatform().name("durable-writer").daemon(true).start(responder::writeLoop);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                System.out.printf("durable responder: %d frames in %d syncs%n", responder.appends, responder.syncs)));
        ServerSocket server = CannedAckResponder.listen(Integer.parseInt(args[0]));
        System.out.println("durable ACK responder listening on " + server.getLocalPort());
        while (!server.isClosed()) {
            Socket s = server.accept();
            Thread.ofVirtual().start(() -> responder.handle(s));
        }
    }

    private void writeLoop() {
        List<Append> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch);
                ByteBuffer[] buffers = new ByteBuffer[batch.size()];
                long bytes = 0;
                for (int i = 0; i < buffers.length; i++) {
                    buffers[i] = ByteBuffer.wrap(batch.get(i).frame());
                    bytes += buffers[i].remaining();
                }
                if (position + bytes > RING_BYTES) {
                    position = 0;
                }
                log.position(position);
                while (bytes > 0) {
                    long written = log.write(buffers);
                    bytes -= written;
                    position += written;
                }
                log.force(false);
                syncs++;
                appends += batch.size();
                for (Append a : batch) {
                    a.synced().complete(null);
                }
                batch.clear();
            }
        } catch (InterruptedException | IOException e) {
            for (Append a : batch) {
                a.synced().completeExceptionally(e);
            }
        }
    }

    private void handle(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream(), 16384);
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 1024);
            ByteArrayOutputStream frame = new ByteArrayOutputStream(2048);
            int b;
            while ((b = in.read()) != -1) {
                if (b == 0x0B) {
                    frame.reset();
                } else if (b == 0x1C) {
                    in.read(); // CR
                    Append append = new Append(frame.toByteArray(), new CompletableFuture<>());
                    queue.put(append);
                    append.synced().join();
                    CannedAckResponder.answer(out);
                } else {
                    frame.write(b);
                }
            }
        } catch (IOException | InterruptedException ignored) {
            // peer went away
        }
    }
}
