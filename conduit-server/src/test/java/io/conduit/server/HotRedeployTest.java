package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.conduit.core.config.ConfigException;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.message.Stage;
import io.conduit.core.runtime.Channel;
import io.conduit.core.runtime.ChannelState;
import io.conduit.core.runtime.ConfigWatcher;
import io.conduit.core.runtime.Engine;
import io.conduit.core.store.MessageQuery;
import io.conduit.core.store.MessageSummary;
import io.conduit.hl7v2.mllp.MllpClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Redeploying a changed channel file while the engine runs, without losing queued messages. */
class HotRedeployTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path temp;

    private static String channel(int sourcePort, int peerPort, String marker, String extraDestination) {
        return """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: %d}
                transformers: [{type: set, path: MSH-5, value: %s}]
                destinations:
                  - name: peer
                    type: mllp
                    host: 127.0.0.1
                    port: %d
                    onError: retry
                    retry: {maxAttempts: 10000, initialDelay: 20ms, maxDelay: 100ms}
                %s""".formatted(sourcePort, marker, peerPort, extraDestination);
    }

    private static String send(int port, String controlId) throws IOException {
        try (MllpClient client = MllpClient.connect("127.0.0.1", port)) {
            return new String(client.send(Hl7Samples.adtA01(controlId).getBytes(StandardCharsets.ISO_8859_1)),
                    StandardCharsets.ISO_8859_1);
        }
    }

    private static MessageSummary stored(Engine engine, String controlId) throws Exception {
        return engine.store().search(MessageQuery.all(1).withControlId(controlId)).items().getFirst();
    }

    private static String transformedMarker(Engine engine, String controlId) throws Exception {
        byte[] content = engine.store().stages(stored(engine, controlId).id()).stream()
                .filter(s -> s.stage() == Stage.TRANSFORMED).findFirst().orElseThrow().content();
        return new String(content, StandardCharsets.ISO_8859_1).split("\r")[0].split("\\|")[4];
    }

    @Test
    void changedChannel_isReplaced_queuedMessagesAreDeliveredByTheNewVersion() throws Exception {
        AtomicBoolean peerUp = new AtomicBoolean(false);
        try (ScriptedMllpPeer peer = new ScriptedMllpPeer(frame -> peerUp.get() ? "AA" : "AE");
             EngineHarness h = new EngineHarness(temp)) {
            int sourcePort = EngineHarness.freePort();
            h.channel("feed", channel(sourcePort, peer.port(), "V1", ""));
            h.start();
            for (String id : List.of("R-1", "R-2", "R-3")) {
                assertThat(send(sourcePort, id)).contains("MSA|AA|" + id);
            }
            Channel before = h.channel("feed");
            await().atMost(WAIT).until(() -> before.queueDepth("peer") == 3);

            h.channel("feed", channel(sourcePort, peer.port(), "V2",
                    "  - {name: archive, type: file, directory: archive, fileName: \"{MSH-10}.hl7\"}\n"));
            Engine.Redeploy result = h.engine.redeploy();

            assertThat(result.redeployed()).containsExactly("feed");
            Channel after = h.channel("feed");
            assertThat(after).isNotSameAs(before);
            assertThat(before.state()).isEqualTo(ChannelState.UNDEPLOYED);
            assertThat(after.state()).isEqualTo(ChannelState.STARTED);
            assertThat(after.destinationNames()).containsExactly("peer", "archive");
            assertThat(send(sourcePort, "R-4")).contains("MSA|AA|R-4");
            assertThat(transformedMarker(h.engine, "R-1")).isEqualTo("V1");
            assertThat(transformedMarker(h.engine, "R-4")).isEqualTo("V2");

            peerUp.set(true);
            for (String id : List.of("R-1", "R-2", "R-3", "R-4")) {
                await().atMost(WAIT).until(() -> stored(h.engine, id).status() == MessageStatus.SENT);
            }
            assertThat(peer.controlIds.stream().distinct().toList()).containsExactly("R-1", "R-2", "R-3", "R-4");
            assertThat(Files.exists(h.dataDir.resolve("archive/R-4.hl7"))).isTrue();
            assertThat(h.engine.redeploy().changedAnything()).as("nothing changed since").isFalse();
        }
    }

    @Test
    void brokenEdit_changesNothing_andTheRunningChannelKeepsWorking() throws Exception {
        try (ScriptedMllpPeer peer = new ScriptedMllpPeer(frame -> "AA");
             EngineHarness h = new EngineHarness(temp)) {
            int sourcePort = EngineHarness.freePort();
            h.channel("feed", channel(sourcePort, peer.port(), "V1", ""));
            h.start();
            Channel before = h.channel("feed");
            h.channel("feed", channel(sourcePort, peer.port(), "V2", "  - {name: archive, type: file, directory: a, fileNme: x}\n"));

            assertThatThrownBy(() -> h.engine.redeploy()).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("channels/feed.yaml").hasMessageContaining("fileNme");
            assertThat(h.channel("feed")).isSameAs(before);
            assertThat(before.state()).isEqualTo(ChannelState.STARTED);
            assertThat(send(sourcePort, "B-1")).contains("MSA|AA|B-1");
        }
    }

    @Test
    void removingADestinationWithQueuedMessages_isRefused_andNothingChanges() throws Exception {
        try (ScriptedMllpPeer peer = new ScriptedMllpPeer(frame -> "AE");
             EngineHarness h = new EngineHarness(temp)) {
            int sourcePort = EngineHarness.freePort();
            h.channel("feed", channel(sourcePort, peer.port(), "V1", ""));
            h.start();
            assertThat(send(sourcePort, "Q-1")).contains("MSA|AA|Q-1");
            Channel before = h.channel("feed");
            await().atMost(WAIT).until(() -> before.queueDepth("peer") == 1);
            h.channel("feed", """
                    dataType: hl7v2
                    source: {type: mllp, host: 127.0.0.1, port: %d}
                    destinations: [{name: archive, type: file, directory: archive}]
                    """.formatted(sourcePort));

            assertThatThrownBy(() -> h.engine.redeploy()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("destination peer was removed from channel feed while 1 message(s) wait in its queue");
            assertThat(h.channel("feed")).isSameAs(before);
            assertThat(before.state()).isEqualTo(ChannelState.STARTED);
        }
    }

    @Test
    void aFailingNewChannel_leavesTheEarlierChangesInPlace_andTheMapConsistent() throws Exception {
        try (EngineHarness h = new EngineHarness(temp)) {
            h.channel("one", "dataType: hl7v2\nsource: {type: channel}\ndestinations: [{name: out, type: file, directory: one}]\n");
            h.start();
            try (java.net.ServerSocket busy = new java.net.ServerSocket(0)) {
                h.channel("one", "dataType: hl7v2\nsource: {type: channel}\ndestinations: [{name: out2, type: file, directory: one}]\n");
                h.channel("two", "dataType: hl7v2\nsource: {type: mllp, host: 127.0.0.1, port: %d}\n".formatted(busy.getLocalPort())
                        + "destinations: [{name: out, type: file, directory: two}]\n");
                assertThatThrownBy(() -> h.engine.redeploy()).hasMessageContaining("new channel two");
            }
            assertThat(h.channel("one").destinationNames()).containsExactly("out2");
            assertThat(h.engine.channel("two")).isEmpty();
            Engine.Redeploy again = h.engine.redeploy();
            assertThat(again.deployed()).containsExactly("two");
            assertThat(again.unchanged()).containsExactly("one");
        }
    }

    @Test
    void aChangedTemplate_redeploysTheChannelsUsingIt_andNewLookupTablesAreFound() throws Exception {
        try (EngineHarness h = new EngineHarness(temp)) {
            Files.createDirectories(h.configDir.resolve("templates"));
            Files.writeString(h.configDir.resolve("templates/t.hl7"), "MSH|^~\\&|A|B|C|D|2025||ADT^A01|1|P|2.5\r");
            h.channel("templated", "dataType: hl7v2\nsource: {type: channel}\ntransformers: [{type: template, file: templates/t.hl7}]\n"
                    + "destinations: [{name: out, type: file, directory: one}]\n");
            h.channel("plain", "dataType: hl7v2\nsource: {type: channel}\ndestinations: [{name: out, type: file, directory: two}]\n");
            h.start();
            Files.writeString(h.configDir.resolve("templates/t.hl7"), "MSH|^~\\&|A|B|C|D|2025||ADT^A08|1|P|2.5\r");
            Engine.Redeploy result = h.engine.redeploy();
            assertThat(result.redeployed()).containsExactly("templated");
            assertThat(result.unchanged()).containsExactly("plain");

            Files.createDirectories(h.configDir.resolve("lookups"));
            Files.writeString(h.configDir.resolve("lookups/codes.csv"), "code,text\nA,alpha\n");
            h.channel("plain", "dataType: hl7v2\nsource: {type: channel}\ntransformers: [{type: map, path: MSH-3, table: codes}]\n"
                    + "destinations: [{name: out, type: file, directory: two}]\n");
            assertThat(h.engine.redeploy().redeployed()).containsExactly("plain");
        }
    }

    @Test
    void addedAndRemovedFiles_deployAndUndeployChannels() throws Exception {
        try (EngineHarness h = new EngineHarness(temp)) {
            h.channel("one", "dataType: hl7v2\nsource: {type: channel}\ndestinations: [{name: out, type: file, directory: one}]\n");
            h.start();
            h.channel("two", "dataType: hl7v2\nsource: {type: channel}\ndestinations: [{name: out, type: file, directory: two}]\n");
            Files.delete(h.configDir.resolve("channels/one.yaml"));

            Engine.Redeploy result = h.engine.redeploy();

            assertThat(result.deployed()).containsExactly("two");
            assertThat(result.undeployed()).containsExactly("one");
            assertThat(h.engine.channel("one")).isEmpty();
            assertThat(h.channel("two").state()).isEqualTo(ChannelState.STARTED);
        }
    }

    @Test
    void watcher_redeploysWhenAChannelFileIsSaved() throws Exception {
        try (ScriptedMllpPeer peer = new ScriptedMllpPeer(frame -> "AA");
             EngineHarness h = new EngineHarness(temp)) {
            int sourcePort = EngineHarness.freePort();
            h.channel("feed", channel(sourcePort, peer.port(), "V1", ""));
            h.start();
            Channel before = h.channel("feed");
            try (ConfigWatcher watcher = ConfigWatcher.start(h.engine, h.configDir)) {
                h.channel("feed", channel(sourcePort, peer.port(), "V2", ""));
                await().atMost(WAIT).until(() -> h.engine.channel("feed").orElseThrow() != before);
            }
            await().atMost(WAIT).until(() -> h.channel("feed").state() == ChannelState.STARTED);
            assertThat(send(sourcePort, "W-1")).contains("MSA|AA|W-1");
            assertThat(transformedMarker(h.engine, "W-1")).isEqualTo("V2");
        }
    }
}
