package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conduit.core.message.MessageStatus;
import io.conduit.core.store.MessageQuery;
import io.conduit.hl7v2.mllp.MllpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log: operations leave entries, the hash chain detects an edited or deleted entry. */
class AuditLogTest {

    @TempDir
    Path temp;

    @Test
    void resendRedeployAndContentViews_areAudited_andTamperingIsDetected() throws Exception {
        EngineHarness h = new EngineHarness(temp);
        h.channel("feed", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0}
                destinations: [{name: out, type: file, directory: out}]
                """);
        String id;
        try (h) {
            h.start();
            try (MllpClient client = MllpClient.connect("127.0.0.1", h.port("feed"))) {
                client.send(Hl7Samples.adtA01("AUD-1").getBytes(StandardCharsets.ISO_8859_1));
            }
            id = h.engine.store().search(MessageQuery.all(1).withChannel("feed")).items().getFirst().id().toString();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    h.engine.store().find(io.conduit.core.message.MessageId.parse(id)).orElseThrow().status() == MessageStatus.SENT);
            h.channel("feed", """
                    dataType: hl7v2
                    source: {type: mllp, host: 127.0.0.1, port: 0}
                    destinations: [{name: out, type: file, directory: out2}]
                    """);
            h.engine.redeploy();
        }
        assertThat(Cli.run("resend", h.configDir.toString(), "--message", id).code()).isZero();
        Cli.Output shown = Cli.run("messages", h.configDir.toString(), "--show", id, "--content");
        assertThat(shown.code()).isZero();

        Cli.Output list = Cli.run("audit", h.configDir.toString());
        assertThat(list.out()).contains("redeploy").contains("resend").contains("view-content").contains(id)
                .contains(System.getProperty("user.name")).doesNotContain("EVERYWOMAN");
        Cli.Output verified = Cli.run("audit", h.configDir.toString(), "--verify");
        assertThat(verified.out()).contains("OK: 3 entries, hash chain intact");
        assertThat(verified.code()).isZero();

        Path export = temp.resolve("audit.jsonl");
        assertThat(Cli.run("audit", h.configDir.toString(), "--export", export.toString()).code()).isZero();
        List<String> lines = Files.readAllLines(export);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("{\"seq\":2,").contains("\"action\":\"resend\"").contains("\"messageIds\":[\"" + id + "\"]");

        Path db = h.dataDir.resolve("conduit.db");
        Path copy = temp.resolve("before-tampering.db");
        Files.copy(db, copy);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE audit SET actor = 'someone-else' WHERE seq = 2");
        }
        Cli.Output edited = Cli.run("audit", h.configDir.toString(), "--verify");
        assertThat(edited.out()).contains("TAMPERED: entry 2 was changed after it was written");
        assertThat(edited.code()).isEqualTo(1);

        Files.copy(copy, db, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM audit WHERE seq = 1");
        }
        Cli.Output deleted = Cli.run("audit", h.configDir.toString(), "--verify");
        assertThat(deleted.out()).contains("TAMPERED: entry 1 missing (deleted)");
        assertThat(deleted.code()).isEqualTo(1);
    }
}
