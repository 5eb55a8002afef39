package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.conduit.core.message.MessageId;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.message.Stage;
import io.conduit.core.runtime.ChannelState;
import io.conduit.core.store.DeliveryRecord;
import io.conduit.core.store.MessageQuery;
import io.conduit.core.store.MessageSummary;
import io.conduit.core.store.StageRecord;
import io.conduit.hl7v2.mllp.MllpClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Channel behaviours a user configures: when to answer, what a peer's NAK means, polling files, pausing. */
class ChannelBehaviourTest {

    @TempDir
    Path temp;

    @Test
    void respondAfterDelivered_answersAaOnlyOnceDestinationsAccepted_andAeWhenOneGaveUp() throws Exception {
        int deadPort = EngineHarness.freePort();
        EngineHarness h = new EngineHarness(temp);
        h.channel("good", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0, respondAfter: delivered}
                destinations:
                  - {name: out, type: file, directory: good}
                """);
        h.channel("bad", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0, respondAfter: delivered, deliveryTimeout: 10s}
                destinations:
                  - name: peer
                    type: mllp
                    host: 127.0.0.1
                    port: %d
                    retry: {maxAttempts: 1}
                """.formatted(deadPort));
        try (h) {
            h.start();
            String goodAck = send(h.port("good"), "DLV-1");
            assertThat(goodAck).contains("MSA|AA|DLV-1");
            assertThat(QuickstartRoundTripTest.files(h.dataDir.resolve("good"))).as("written before the ACK").hasSize(1);

            String badAck = send(h.port("bad"), "DLV-2");
            assertThat(badAck).contains("MSA|AE|DLV-2").contains("peer: gave up after 1 attempt(s)");
            MessageSummary stored = h.engine.store().search(MessageQuery.all(5).withControlId("DLV-2")).items().get(0);
            assertThat(stored.status()).isEqualTo(MessageStatus.ERRORED);
        }
    }

    @Test
    void peerAnsweringAe_isRetried_thenSent() throws Exception {
        try (ScriptedMllpPeer peer = new ScriptedMllpPeer(frame -> frame <= 2 ? "AE" : "AA");
             EngineHarness h = new EngineHarness(temp)) {
            h.channel("feed", """
                    dataType: hl7v2
                    source: {type: mllp, host: 127.0.0.1, port: 0}
                    destinations:
                      - name: peer
                        type: mllp
                        host: 127.0.0.1
                        port: %d
                        onError: retry
                        retry: {maxAttempts: 5, initialDelay: 50ms, maxDelay: 100ms}
                    """.formatted(peer.port()));
            h.start();
            assertThat(send(h.port("feed"), "AE-1")).contains("MSA|AA|AE-1");
            MessageId id = idOf(h, "AE-1");
            await().atMost(Duration.ofSeconds(10)).until(() -> h.engine.store().find(id).orElseThrow().status() == MessageStatus.SENT);
            assertThat(peer.controlIds).containsExactly("AE-1", "AE-1", "AE-1");
            DeliveryRecord delivery = h.engine.store().deliveries(id).get(0);
            assertThat(delivery.attempts()).isEqualTo(3);
            assertThat(h.engine.store().stages(id)).filteredOn(s -> s.stage() == Stage.SEND_FAILED)
                    .extracting(StageRecord::detail).allSatisfy(d -> assertThat(d).contains("AE"));
        }
    }

    @Test
    void peerAnsweringAr_isNotRetried_andTheDeliveryErrors() throws Exception {
        try (ScriptedMllpPeer peer = new ScriptedMllpPeer(frame -> "AR");
             EngineHarness h = new EngineHarness(temp)) {
            h.channel("feed", """
                    dataType: hl7v2
                    source: {type: mllp, host: 127.0.0.1, port: 0}
                    destinations:
                      - {name: peer, type: mllp, host: 127.0.0.1, port: %d, onReject: error}
                    """.formatted(peer.port()));
            h.start();
            send(h.port("feed"), "AR-1");
            MessageId id = idOf(h, "AR-1");
            await().atMost(Duration.ofSeconds(10)).until(() -> h.engine.store().find(id).orElseThrow().status() == MessageStatus.ERRORED);
            assertThat(peer.frames()).isEqualTo(1);
            assertThat(h.engine.store().find(id).orElseThrow().error()).contains("AR");
        }
    }

    @Test
    void fileSource_splitsAnHl7Batch_storesAndDeliversEachMessage_andMovesTheFile() throws Exception {
        EngineHarness h = new EngineHarness(temp);
        Path inbox = Files.createDirectories(temp.resolve("inbox"));
        h.channel("batch-in", """
                dataType: hl7v2
                source: {type: file, directory: %s, glob: "*.hl7", pollInterval: 100ms, stableFor: 0ms}
                destinations:
                  - {name: out, type: file, directory: out, fileName: "{MSH-10}.hl7"}
                """.formatted(inbox));
        String batch = "FHS|^~\\&|LAB|HOSP\rBHS|^~\\&|LAB|HOSP\r" + Hl7Samples.adtA01("B-1") + Hl7Samples.adtA01("B-2")
                + Hl7Samples.adtA01("B-3") + "BTS|3\rFTS|1\r";
        try (h) {
            h.start();
            drop(inbox, "batch.hl7", batch);
            Path out = h.dataDir.resolve("out");
            await().atMost(Duration.ofSeconds(10)).until(() -> QuickstartRoundTripTest.files(out).size() == 3);
            assertThat(out.resolve("B-2.hl7")).exists();
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(inbox.resolve("processed/batch.hl7")));
            assertThat(inbox.resolve("batch.hl7")).doesNotExist();
            List<MessageSummary> stored = h.engine.store().search(MessageQuery.all(10).withChannel("batch-in")).items();
            assertThat(stored).hasSize(3).allSatisfy(m -> assertThat(m.status()).isIn(MessageStatus.QUEUED, MessageStatus.SENT));
        }
    }

    @Test
    void sourceTransformerChangingMsh10_doesNotChangeTheAck() throws Exception {
        EngineHarness h = new EngineHarness(temp);
        h.channel("feed", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0}
                transformers:
                  - {type: set, path: MSH-10, value: REWRITTEN}
                destinations:
                  - {name: out, type: file, directory: out, fileName: "{MSH-10}.hl7"}
                """);
        try (h) {
            h.start();
            assertThat(send(h.port("feed"), "ORIG-1")).as("the sender matches the ACK by its own control id")
                    .contains("MSA|AA|ORIG-1");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(h.dataDir.resolve("out/REWRITTEN.hl7")));
        }
    }

    @Test
    void fileSource_messageFailingInThePipeline_isStoredOnce_andTheFileGoesToTheErrorFolder() throws Exception {
        EngineHarness h = new EngineHarness(temp);
        Path inbox = Files.createDirectories(temp.resolve("inbox"));
        h.channel("files", """
                dataType: hl7v2
                source: {type: file, directory: %s, pollInterval: 100ms, stableFor: 0ms}
                transformers:
                  - {type: delete, path: MSH}   # valid at load, fails every message
                destinations:
                  - {name: out, type: file, directory: out}
                """.formatted(inbox));
        try (h) {
            h.start();
            drop(inbox, "one.hl7", Hl7Samples.adtA01("PIPE-1"));
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(inbox.resolve("error/one.hl7")));
            Thread.sleep(500); // several poll intervals: a file left in the inbox would be stored again
            List<MessageSummary> stored = h.engine.store().search(MessageQuery.all(10).withChannel("files")).items();
            assertThat(stored).singleElement().satisfies(m -> {
                assertThat(m.status()).isEqualTo(MessageStatus.ERRORED);
                assertThat(m.error()).contains("transformers[0] (delete)");
            });
        }
    }

    @Test
    void pausedChannel_refusesConnections_andResumes() throws Exception {
        EngineHarness h = new EngineHarness(temp);
        h.channel("feed", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: %d}
                destinations:
                  - {name: out, type: file, directory: out}
                """.formatted(EngineHarness.freePort()));
        try (h) {
            h.start();
            int port = h.port("feed");
            h.channel("feed").pause();
            assertThat(h.channel("feed").state()).isEqualTo(ChannelState.PAUSED);
            assertThatThrownBy(() -> MllpClient.connect("127.0.0.1", port)).isInstanceOf(IOException.class);
            h.channel("feed").resume();
            assertThat(send(port, "RES-1")).contains("MSA|AA|RES-1");
        }
    }

    @Test
    void sendCommand_printsEachAck_andExitsZero() throws Exception {
        EngineHarness h = new EngineHarness(temp);
        h.channel("feed", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0}
                destinations:
                  - {name: out, type: file, directory: out}
                """);
        Path file = temp.resolve("two.hl7");
        Files.writeString(file, Hl7Samples.adtA01("CLI-1") + "\n" + Hl7Samples.adtA01("CLI-2"), StandardCharsets.ISO_8859_1);
        try (h) {
            h.start();
            Cli.Output sent = Cli.run("send", "--host", "127.0.0.1", "--port", Integer.toString(h.port("feed")), file.toString());
            assertThat(sent.code()).isZero();
            assertThat(sent.out()).contains("two.hl7 #1: AA").contains("two.hl7 #2: AA")
                    .contains("MSA|AA|CLI-1").contains("MSA|AA|CLI-2");
        }
    }

    private static MessageId idOf(EngineHarness h, String controlId) throws Exception {
        return h.engine.store().search(MessageQuery.all(5).withControlId(controlId)).items().get(0).id();
    }

    /**
     * Puts a whole file into the inbox at once (written beside it, then moved): these channels
     * poll with stableFor 0ms, so a file still being written could be read half-written.
     */
    private void drop(Path inbox, String name, String content) throws IOException {
        Path staged = Files.writeString(temp.resolve(name + ".staged"), content, StandardCharsets.ISO_8859_1);
        Files.move(staged, inbox.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String send(int port, String controlId) throws IOException {
        try (MllpClient client = MllpClient.connect("127.0.0.1", port)) {
            return new String(client.send(Hl7Samples.adtA01(controlId).getBytes(StandardCharsets.ISO_8859_1)),
                    StandardCharsets.ISO_8859_1);
        }
    }
}
