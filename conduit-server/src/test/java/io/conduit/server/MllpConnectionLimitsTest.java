package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conduit.core.message.MessageId;
import io.conduit.core.message.Metadata;
import io.conduit.core.store.MessageQuery;
import io.conduit.core.store.MessageSummary;
import io.conduit.core.store.Page;
import io.conduit.hl7v2.mllp.MllpClient;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MLLP listener's connection limits on real sockets: {@code maxConnections} refuses the
 * connection over the limit at once, {@code idleTimeout} closes silent peers but not busy ones,
 * and many concurrent senders each get their own answers.
 */
class MllpConnectionLimitsTest {

    @TempDir
    Path temp;

    EngineHarness h;
    int port;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    private void start(String sourceSettings) throws Exception {
        h = new EngineHarness(temp);
        h.channel("inbound", """
                dataType: hl7v2
                source:
                  type: mllp
                  host: 127.0.0.1
                  port: 0
                  %s
                destinations:
                  - name: out
                    type: file
                    directory: out
                """.formatted(sourceSettings.strip().replace("\n", "\n  ")));
        h.start();
        port = h.port("inbound");
    }

    @Test
    void maxConnectionsOne_secondConnectionIsClosedAtOnce_andServedOnceTheFirstLeaves() throws Exception {
        start("""
                maxConnections: 1
                idleTimeout: 30s
                """);
        try (MllpClient first = MllpClient.connect("127.0.0.1", port)) {
            assertThat(ack(first, "FIRST-1")).as("the first connection holds the only slot").contains("MSA|AA|FIRST-1");

            try (Socket second = new Socket("127.0.0.1", port)) {
                second.setSoTimeout(5000); // far below the idle timeout: only the limit can close it this soon
                assertClosedByServer(second);
            }
            assertThat(ack(first, "FIRST-2")).as("the first connection is unaffected").contains("MSA|AA|FIRST-2");
        }
        // The slot is freed once the server notices the first client left.
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> {
            try (MllpClient next = MllpClient.connect("127.0.0.1", port, Duration.ofSeconds(2), Duration.ofSeconds(2),
                    64 * 1024, null)) {
                assertThat(ack(next, "AFTER-1")).contains("MSA|AA|AFTER-1");
            }
        });
    }

    @Test
    void idleTimeout_silentClient_isClosedByServer() throws Exception {
        start("idleTimeout: 500ms");
        try (Socket silent = new Socket("127.0.0.1", port)) {
            silent.setSoTimeout(5000);
            long started = System.nanoTime();
            assertClosedByServer(silent);
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(elapsedMs).as("closed for idling, not at once").isGreaterThanOrEqualTo(400);
        }
    }

    @Test
    void idleTimeout_clientSendingEvery200ms_staysOpenLongerThanTheTimeout() throws Exception {
        start("idleTimeout: 500ms");
        try (MllpClient busy = MllpClient.connect("127.0.0.1", port, Duration.ofSeconds(2), Duration.ofSeconds(2),
                64 * 1024, null)) {
            long started = System.nanoTime();
            for (int i = 1; i <= 8; i++) {
                String id = "BUSY-" + i;
                assertThat(ack(busy, id)).as("message %d on the same connection", i).contains("MSA|AA|" + id);
                Thread.sleep(200); // the sender's pace, below the idle timeout
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(1500));
        }
    }

    @Test
    void manyConcurrentConnections_eachGetsItsOwnAcks_andAllMessagesAreStored() throws Exception {
        start("idleTimeout: 10s");
        int clients = 20;
        int perClient = 25;
        List<Future<List<String>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                results.add(pool.submit(() -> {
                    List<String> acks = new ArrayList<>();
                    try (MllpClient mllp = MllpClient.connect("127.0.0.1", port, Duration.ofSeconds(5),
                            Duration.ofSeconds(10), 64 * 1024, null)) {
                        for (int m = 0; m < perClient; m++) {
                            acks.add(ack(mllp, controlId(client, m)));
                        }
                    }
                    return acks;
                }));
            }
        }
        for (int c = 0; c < clients; c++) {
            List<String> acks = results.get(c).get();
            assertThat(acks).hasSize(perClient);
            for (int m = 0; m < perClient; m++) {
                assertThat(acks.get(m)).as("answer to %s", controlId(c, m)).contains("MSA|AA|" + controlId(c, m) + "\r");
            }
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(storedControlIds("inbound")).hasSize(clients * perClient));
        Set<String> expected = new HashSet<>();
        for (int c = 0; c < clients; c++) {
            for (int m = 0; m < perClient; m++) {
                expected.add(controlId(c, m));
            }
        }
        assertThat(new HashSet<>(storedControlIds("inbound"))).isEqualTo(expected);
    }

    private static String controlId(int client, int message) {
        return "C" + client + "-" + message;
    }

    private static String ack(MllpClient client, String controlId) throws IOException {
        return new String(client.send(Hl7Samples.adtA01(controlId).getBytes(StandardCharsets.ISO_8859_1)),
                StandardCharsets.ISO_8859_1);
    }

    /** The server closes the connection (end of stream or reset) before the socket's read timeout. */
    private static void assertClosedByServer(Socket s) throws IOException {
        int read;
        try {
            read = s.getInputStream().read();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open for " + s.getSoTimeout() + " ms", e);
        } catch (SocketException e) {
            return; // reset by the server
        }
        assertThat(read).as("end of stream").isEqualTo(-1);
    }

    /** Control ids of every message stored for the channel, paging through the search. */
    private List<String> storedControlIds(String channel) throws Exception {
        List<String> ids = new ArrayList<>();
        @Nullable MessageId before = null;
        do {
            Page<MessageSummary> page = h.engine.store().search(MessageQuery.all(1000).withChannel(channel).withBefore(before));
            for (MessageSummary m : page.items()) {
                ids.add(m.metadata().getOrNull(Metadata.CONTROL_ID));
            }
            before = page.next().orElse(null);
        } while (before != null);
        return ids;
    }
}
