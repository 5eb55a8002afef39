package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conduit.core.message.MessageId;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.message.Stage;
import io.conduit.core.runtime.ServerConfig;
import io.conduit.core.store.MessageQuery;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.MessageSummary;
import io.conduit.core.store.Page;
import io.conduit.hl7v2.mllp.MllpClient;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store, then acknowledge, proven by killing the engine: it runs as a separate process, takes
 * messages from several connections, and is killed with SIGKILL mid-load. After a restart every
 * message that was ACKed is in the store and is delivered to the file destination.
 *
 * <p>At-least-once window: a message written to the file destination whose SENT record had not
 * committed when the process died is written again after the restart (the file name is derived
 * from the message id, so the second write overwrites the first). The test allows that for the
 * few messages in flight at the kill, and no more.
 */
class CrashSafetyTest {

    @TempDir
    Path temp;

    @Test
    void sigkillUnderLoad_losesNoAcknowledgedMessage() throws Exception {
        int port = EngineHarness.freePort();
        EngineHarness h = new EngineHarness(temp);
        h.channel("crash", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: %d}
                destinations:
                  - name: files
                    type: file
                    directory: out
                    fileName: "{MSH-10}.hl7"
                """.formatted(port));
        Path out = h.dataDir.resolve("out");
        Set<String> acked = ConcurrentHashMap.newKeySet();

        Process engine = startEngine(h, "first");
        try {
            awaitPort(port, engine);
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int sender = t;
                senders.add(Thread.ofVirtual().start(() -> send(port, sender, acked, stop)));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= 400);
            engine.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            engine.waitFor();
            stop.set(true);
            for (Thread s : senders) {
                s.join(10_000);
            }
        } finally {
            engine.destroyForcibly();
        }
        assertThat(acked).hasSizeGreaterThanOrEqualTo(400);

        Process restarted = startEngine(h, "second");
        try {
            awaitPort(port, restarted);
            await().atMost(Duration.ofSeconds(60)).until(() -> delivered(out).containsAll(acked));
        } finally {
            restarted.destroy(); // SIGTERM: graceful stop
            restarted.waitFor();
        }
        assertThat(restarted.exitValue()).as("graceful exit after SIGTERM").isIn(0, 143);

        ServerConfig server = h.config().server();
        try (MessageStore store = server.storeFactory().open(server.storeSettings())) {
            Set<String> stored = new HashSet<>();
            int redelivered = 0;
            MessageQuery query = MessageQuery.all(1000).withChannel("crash");
            while (true) {
                Page<MessageSummary> page = store.search(query);
                for (MessageSummary m : page.items()) {
                    stored.add(m.metadata().getOrNull("controlId"));
                    if (acked.contains(m.metadata().getOrNull("controlId"))) {
                        assertThat(m.status()).as("acked message %s", m.id()).isEqualTo(MessageStatus.SENT);
                        long sent = store.stages(m.id()).stream().filter(s -> s.stage() == Stage.SENT).count();
                        if (sent > 1) {
                            redelivered++;
                        }
                    }
                }
                if (page.next().isEmpty()) {
                    break;
                }
                MessageId next = page.next().get();
                query = query.withBefore(next);
            }
            assertThat(stored).containsAll(acked);
            assertThat(redelivered).as("only messages in flight at the kill may be delivered twice").isLessThanOrEqualTo(8);
        }
    }

    private static void send(int port, int sender, Set<String> acked, AtomicBoolean stop) {
        int n = 0;
        try (MllpClient client = MllpClient.connect("127.0.0.1", port)) {
            while (!stop.get()) {
                String id = "C" + sender + "-" + (n++);
                byte[] ack = client.send(Hl7Samples.adtA01(id).getBytes(StandardCharsets.ISO_8859_1));
                if (new String(ack, StandardCharsets.ISO_8859_1).contains("MSA|AA|" + id)) {
                    acked.add(id);
                }
            }
        } catch (IOException e) {
            // the engine was killed: this connection is gone, as expected
        }
    }

    private static Set<String> delivered(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".hl7"))
                    .map(name -> name.substring(0, name.length() - 4))
                    .collect(Collectors.toSet());
        }
    }

    private static Process startEngine(EngineHarness h, String label) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.conduit.server.Main", "run", h.configDir.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(h.configDir.getParent().resolve("engine-" + label + ".log").toFile());
        return pb.start();
    }

    private static void awaitPort(int port, Process process) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("engine exited with " + process.exitValue());
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }
}
