package io.conduit.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conduit.core.config.ConfigNode;
import io.conduit.core.connector.Destination;
import io.conduit.core.connector.DestinationContext;
import io.conduit.core.connector.OutboundMessage;
import io.conduit.core.connector.Source;
import io.conduit.core.connector.SourceContext;
import io.conduit.core.message.MessageId;
import io.conduit.core.message.Metadata;
import io.conduit.files.ScriptedReceiver.Answer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Message content is PHI: at every level (DEBUG is on for this module's tests), the connectors log
 * file names, sizes and ids, never content. slf4j-simple writes to whatever {@code System.err} is at
 * the time, so the test captures it.
 */
class LogsCarryNoContentTest {

    private static final String PHI = "DOE^JOHN^Q-1970";

    @TempDir
    Path dataDir;

    @Test
    void sourceAndDestination_onEveryOutcome_logNamesButNoContent() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exerciseSource();
            exerciseDestination();
        } finally {
            System.setErr(original);
        }

        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).contains("accepted.hl7", "rejected.hl7", "broken.hl7").doesNotContain(PHI);
    }

    private void exerciseSource() throws Exception {
        ScriptedReceiver receiver = new ScriptedReceiver();
        receiver.answer(text -> text.contains("reject") ? Answer.REJECT : Answer.ACCEPT);
        Path inbox = Files.createDirectories(dataDir.resolve("in"));
        Files.writeString(inbox.resolve("accepted.hl7"), "PID|" + PHI + "\n\nPID|" + PHI);
        Files.writeString(inbox.resolve("rejected.hl7"), "PID|reject|" + PHI);
        Files.writeString(inbox.resolve("broken.hl7"), "PID|" + PHI + "\n\nBROKEN");
        ConfigNode node = ConfigNode.parse("directory: in\npollInterval: 20ms\nstableFor: 0ms\n", "x.yaml", System::getenv);
        Source source = new FileSourceFactory().create(node,
                new SourceContext("lab", new SegmentDataType(), receiver, dataDir, InstantSource.system()));
        source.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (var files = Files.list(inbox)) {
                    return files.filter(Files::isRegularFile).findAny().isEmpty();
                }
            });
        } finally {
            source.stop();
        }
    }

    private void exerciseDestination() throws Exception {
        ConfigNode node = ConfigNode.parse("directory: out\nfileName: \"{MSH-10}.hl7\"\n", "x.yaml", System::getenv);
        Destination destination = new FileDestinationFactory().create(node,
                new DestinationContext("lab", "archive", new SegmentDataType(), dataDir, InstantSource.system()));
        byte[] content = ("MSH|a|b|c|d|e|f|g|h|CTRL1\nPID|" + PHI).getBytes(StandardCharsets.UTF_8);
        destination.send(new OutboundMessage(new MessageId(7), "lab", Instant.now(), content, StandardCharsets.UTF_8,
                Metadata.EMPTY, 1));
        Files.writeString(dataDir.resolve("blocked"), "a file where a directory should be");
        ConfigNode blocked = ConfigNode.parse("directory: blocked\n", "x.yaml", System::getenv);
        new FileDestinationFactory().create(blocked,
                new DestinationContext("lab", "archive", new SegmentDataType(), dataDir, InstantSource.system()))
                .send(new OutboundMessage(new MessageId(8), "lab", Instant.now(), content, StandardCharsets.UTF_8,
                        Metadata.EMPTY, 1));
    }
}
