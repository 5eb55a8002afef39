package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.store.MessageQuery;
import io.conduit.core.store.MessageSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart as a user runs it, with HAPI's MLLP client as the sending system: the ACK comes
 * back with the right MSA-2, and the message reaches both the file archive and, through the
 * forwarding MLLP destination, the second channel's folder.
 */
class QuickstartRoundTripTest {

    @TempDir
    Path temp;

    @Test
    void hapiClient_getsAckAfterStore_andMessageReachesBothDestinations() throws Exception {
        Path quickstart = Path.of("..", "examples", "quickstart").toAbsolutePath().normalize();
        EngineHarness h = new EngineHarness(temp);
        copyTree(quickstart, h.configDir);
        h.env.put("CONDUIT_DATA_DIR", h.dataDir.toString());
        h.env.put("QUICKSTART_MLLP_PORT", "0");
        h.env.put("QUICKSTART_FORWARD_PORT", Integer.toString(EngineHarness.freePort()));
        try (h; HapiContext hapi = new DefaultHapiContext()) {
            h.start();
            int port = h.port("adt-inbound");
            hapi.getParserConfiguration().setValidating(false);
            hapi.getParserConfiguration().setIdGenerator(new ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator());
            PipeParser parser = hapi.getPipeParser();
            Message request = parser.parse(Hl7Samples.adtA01("QS-0001"));
            Connection connection = hapi.newClient("127.0.0.1", port, false);
            Message ack = connection.getInitiator().sendAndReceive(request);
            connection.close();

            Terser terser = new Terser(ack);
            assertThat(terser.get("/MSA-1")).isEqualTo("AA");
            assertThat(terser.get("/MSA-2")).isEqualTo("QS-0001");

            Path archive = h.dataDir.resolve("quickstart/archive");
            Path forwarded = h.dataDir.resolve("quickstart/forwarded");
            await().atMost(Duration.ofSeconds(20)).until(() -> files(archive).size() == 1 && files(forwarded).size() == 1);
            assertThat(files(archive).get(0).getFileName().toString()).contains("QS-0001");
            assertThat(Files.readString(files(forwarded).get(0))).contains("|QS-0001|").contains("PID|1||PATID1234");

            await().atMost(Duration.ofSeconds(10)).until(() -> h.engine.store()
                    .search(MessageQuery.all(10).withChannel("adt-inbound")).items().stream()
                    .allMatch(m -> m.status() == MessageStatus.SENT));
            List<MessageSummary> inbound = h.engine.store().search(MessageQuery.all(10).withControlId("QS-0001")).items();
            assertThat(inbound).extracting(MessageSummary::channel).containsExactlyInAnyOrder("adt-inbound", "adt-forwarded");
            assertThat(inbound).allSatisfy(m -> assertThat(m.metadata().getOrNull("patientId")).isEqualTo("PATID1234"));
        }
    }

    static List<Path> files(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        while (true) {
            try (Stream<Path> s = Files.walk(dir)) {
                return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).toList();
            } catch (java.io.UncheckedIOException e) {
                // A destination renamed its temp file while the walk looked at it: walk again.
                if (!(e.getCause() instanceof java.nio.file.NoSuchFileException)) {
                    throw e;
                }
            }
        }
    }

    static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
