package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.conduit.core.config.ConfigException;
import io.conduit.core.message.MessageId;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.message.Stage;
import io.conduit.core.store.MessageQuery;
import io.conduit.core.store.MessageSummary;
import io.conduit.core.store.StageRecord;
import io.conduit.core.store.StoredMessage;
import io.conduit.hl7v2.mllp.MllpClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Content-based routing, splitting and channel-to-channel hand-over, end to end over MLLP. */
class RoutingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path temp;

    private static String oru(String controlId, int groups) {
        StringBuilder sb = new StringBuilder("MSH|^~\\&|LAB|HOSP|EHR|HOSP|20261124083000||ORU^R01|" + controlId + "|P|2.5.1\r"
                + "PID|1||PAT-" + controlId + "^^^HOSP^MR||DOE^JANE||19800101|F\r");
        for (int g = 1; g <= groups; g++) {
            sb.append("OBR|").append(g).append("||ORD").append(g).append("|TEST").append(g).append('\r');
            sb.append("OBX|1|NM|V").append(g).append("||").append(g).append(".5|mmol/L|||||F\r");
        }
        return sb.toString();
    }

    private static String send(int port, String message) throws IOException {
        try (MllpClient client = MllpClient.connect("127.0.0.1", port)) {
            return new String(client.send(message.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
        }
    }

    private static List<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void router_sendsEachMessageTypeToItsDestinations_andRecordsTheOthersAsFiltered() throws Exception {
        EngineHarness h = new EngineHarness(temp);
        h.channel("hub", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: %d}
                router:
                  routes:
                    - {name: results, when: {path: MSH-9.1, equals: ORU}, to: [lab]}
                    - {name: admissions, when: {metadata: messageType, matches: "ADT.*"}, to: [ehr, archive]}
                  otherwise: [archive]
                destinations:
                  - {name: lab, type: file, directory: lab, fileName: "{MSH-10}.hl7"}
                  - {name: ehr, type: file, directory: ehr, fileName: "{MSH-10}.hl7"}
                  - {name: archive, type: file, directory: archive, fileName: "{MSH-10}.hl7"}
                """.formatted(EngineHarness.freePort()));
        try (h) {
            h.start();
            int port = h.port("hub");
            assertThat(send(port, oru("R-1", 1))).contains("MSA|AA|R-1");
            assertThat(send(port, Hl7Samples.adtA01("A-1"))).contains("MSA|AA|A-1");
            assertThat(send(port, Hl7Samples.adtA01("O-1").replace("ADT^A01^ADT_A01", "SIU^S12"))).contains("MSA|AA|O-1");
            await().atMost(WAIT).until(() -> files(h.dataDir.resolve("archive")).size() == 2);
            assertThat(files(h.dataDir.resolve("lab"))).containsExactly("R-1.hl7");
            assertThat(files(h.dataDir.resolve("ehr"))).containsExactly("A-1.hl7");
            assertThat(files(h.dataDir.resolve("archive"))).containsExactly("A-1.hl7", "O-1.hl7");

            MessageSummary oru = h.engine.store().search(MessageQuery.all(1).withControlId("R-1")).items().getFirst();
            List<StageRecord> stages = h.engine.store().stages(oru.id());
            assertThat(stages).anySatisfy(s -> {
                assertThat(s.destination()).isEqualTo("ehr");
                assertThat(s.stage()).isEqualTo(Stage.FILTERED);
                assertThat(s.detail()).isEqualTo("router: matched 'results'");
            });
        }
    }

    @Test
    void splitter_storesTheParentAsSplit_andEachGroupAsAChildThatIsDelivered() throws Exception {
        EngineHarness h = new EngineHarness(temp);
        h.channel("results", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: %d}
                splitter: {type: groups, segment: OBR, controlIdSuffix: true}
                destinations:
                  - {name: out, type: file, directory: out, fileName: "{MSH-10}.hl7"}
                """.formatted(EngineHarness.freePort()));
        try (h) {
            h.start();
            assertThat(send(h.port("results"), oru("S-1", 3))).contains("MSA|AA|S-1");
            await().atMost(WAIT).until(() -> files(h.dataDir.resolve("out")).size() == 3);
            assertThat(files(h.dataDir.resolve("out"))).containsExactly("S-1-1.hl7", "S-1-2.hl7", "S-1-3.hl7");
            String second = Files.readString(h.dataDir.resolve("out/S-1-2.hl7"), StandardCharsets.ISO_8859_1);
            assertThat(second).contains("PID|1||PAT-S-1").contains("OBR|2||ORD2").doesNotContain("OBR|1|").doesNotContain("OBR|3|");

            MessageSummary parent = h.engine.store().search(MessageQuery.all(10).withStatus(MessageStatus.SPLIT)).items().getFirst();
            assertThat(h.engine.store().stages(parent.id())).anySatisfy(s -> {
                assertThat(s.stage()).isEqualTo(Stage.SPLIT);
                assertThat(s.detail()).isEqualTo("split into 3 message(s)");
            });
            List<MessageId> children = h.engine.store().children(parent.id());
            assertThat(children).hasSize(3);
            for (MessageId child : children) {
                StoredMessage stored = h.engine.store().find(child).orElseThrow();
                assertThat(stored.message().parent()).isEqualTo(parent.id());
                await().atMost(WAIT).until(() -> h.engine.store().find(child).orElseThrow().status() == MessageStatus.SENT);
            }
        }
    }

    @Test
    void channelDestination_handsTheTransformedMessageToAnotherChannel_withLineage() throws Exception {
        EngineHarness h = new EngineHarness(temp);
        h.channel("intake", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: %d}
                destinations:
                  - name: to-normalise
                    type: channel
                    channel: normalise
                    transformers: [{type: set, path: MSH-5, value: NORMALISER}]
                """.formatted(EngineHarness.freePort()));
        h.channel("normalise", """
                dataType: hl7v2
                source: {type: channel}
                transformers: [{type: upper, path: PID-5.1}]
                destinations:
                  - {name: out, type: file, directory: normalised, fileName: "{MSH-10}.hl7"}
                """);
        MessageId parentId;
        MessageId childId;
        try (h) {
            h.start();
            assertThat(send(h.port("intake"), Hl7Samples.adtA01("C-1").replace("EVERYWOMAN", "Everywoman"))).contains("MSA|AA|C-1");
            await().atMost(WAIT).until(() -> files(h.dataDir.resolve("normalised")).contains("C-1.hl7"));
            String out = Files.readString(h.dataDir.resolve("normalised/C-1.hl7"), StandardCharsets.ISO_8859_1);
            assertThat(out).contains("|NORMALISER|").contains("EVERYWOMAN^EVE");

            MessageSummary parent = h.engine.store().search(MessageQuery.all(5).withChannel("intake")).items().getFirst();
            MessageSummary child = h.engine.store().search(MessageQuery.all(5).withChannel("normalise")).items().getFirst();
            assertThat(h.engine.store().find(child.id()).orElseThrow().message().parent()).isEqualTo(parent.id());
            assertThat(h.engine.store().children(parent.id())).containsExactly(child.id());
            await().atMost(WAIT).until(() -> h.engine.store().find(parent.id()).orElseThrow().status() == MessageStatus.SENT);
            assertThat(h.engine.store().stages(parent.id())).anySatisfy(s -> {
                assertThat(s.stage()).isEqualTo(Stage.SENT);
                assertThat(s.detail()).isEqualTo("handed to channel normalise as message " + child.id());
            });
            parentId = parent.id();
            childId = child.id();
        }
        assertThat(Cli.run("messages", h.configDir.toString(), "--show", childId.toString()).out())
                .contains("made from message " + parentId);
        assertThat(Cli.run("messages", h.configDir.toString(), "--show", parentId.toString()).out())
                .contains("messages made from it: " + childId);
    }

    @Test
    void channelDestination_namingAMissingChannel_isAConfigError() throws Exception {
        EngineHarness h = new EngineHarness(temp);
        h.channel("intake", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0}
                destinations:
                  - {name: next, type: channel, channel: normalize}
                """);
        assertThatThrownBy(() -> h.config().validate()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("channels/intake.yaml:4").hasMessageContaining("there is no channel 'normalize'");
    }

    @Test
    void channelDestination_toAChannelThatAnswersAfterDelivery_isAConfigError() throws Exception {
        EngineHarness h = new EngineHarness(temp);
        h.channel("intake", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0}
                destinations:
                  - {name: next, type: channel, channel: normalise}
                """);
        h.channel("normalise", """
                dataType: hl7v2
                source: {type: channel, respondAfter: delivered}
                destinations: [{name: out, type: file, directory: out}]
                """);
        assertThatThrownBy(() -> h.config().validate()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("channels/intake.yaml:4").hasMessageContaining("must answer once stored");
    }

    @Test
    void resend_ofASplitParent_orOfAMessageNeverQueued_isRefused() throws Exception {
        EngineHarness h = new EngineHarness(temp);
        h.channel("results", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: %d}
                splitter: {type: groups, segment: OBR}
                filters: [{path: MSH-11, equals: P}]
                destinations:
                  - {name: out, type: file, directory: out}
                """.formatted(EngineHarness.freePort()));
        try (h) {
            h.start();
            send(h.port("results"), oru("X-1", 2));
            send(h.port("results"), oru("X-2", 1).replace("|P|2.5.1", "|T|2.5.1"));
            MessageSummary parent = h.engine.store().search(MessageQuery.all(5).withStatus(MessageStatus.SPLIT)).items().getLast();
            assertThatThrownBy(() -> h.engine.resend(parent.id(), java.util.Optional.empty()))
                    .hasMessageContaining("was split into 2 message(s)");
            MessageSummary filtered = h.engine.store().search(MessageQuery.all(5).withStatus(MessageStatus.FILTERED)).items().getFirst();
            assertThatThrownBy(() -> h.engine.resend(filtered.id(), java.util.Optional.empty()))
                    .hasMessageContaining("never queued for any destination");
        }
    }

    @Test
    void router_namingAnUnknownDestination_isAConfigError() throws Exception {
        EngineHarness h = new EngineHarness(temp);
        h.channel("hub", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0}
                router:
                  routes:
                    - {when: {path: MSH-9.1, equals: ORU}, to: [labs]}
                destinations:
                  - {name: lab, type: file, directory: lab}
                """);
        assertThatThrownBy(() -> h.config().validate()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("router.routes[0].to").hasMessageContaining("no destination 'labs'");
    }
}
