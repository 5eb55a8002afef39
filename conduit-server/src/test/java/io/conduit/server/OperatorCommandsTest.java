package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conduit.core.message.MessageStatus;
import io.conduit.core.store.MessageQuery;
import io.conduit.hl7v2.mllp.MllpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's commands on a config directory: search messages, show one, resend the errored ones. */
class OperatorCommandsTest {

    @TempDir
    Path temp;

    @Test
    void messagesAndResend_findTheErroredDelivery_andQueueItAgain() throws Exception {
        EngineHarness h = new EngineHarness(temp);
        h.channel("feed", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0}
                destinations:
                  - {name: peer, type: mllp, host: 127.0.0.1, port: %d, retry: {maxAttempts: 1}}
                """.formatted(EngineHarness.freePort()));
        h.start();
        try (MllpClient client = MllpClient.connect("127.0.0.1", h.port("feed"))) {
            client.send(Hl7Samples.adtA01("OPS-1").getBytes(StandardCharsets.ISO_8859_1));
        }
        await().atMost(Duration.ofSeconds(10)).until(() ->
                h.engine.store().search(MessageQuery.all(5).withStatus(MessageStatus.ERRORED)).items().size() == 1);
        String id = h.engine.store().search(MessageQuery.all(5)).items().get(0).id().toString();
        h.close(); // the commands work on the store of a stopped engine too

        Cli.Output list = Cli.run("messages", h.configDir.toString(), "--status", "ERRORED");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains(id).contains("ERRORED").contains("ADT^A01").contains("OPS-1");

        Cli.Output show = Cli.run("messages", h.configDir.toString(), "--show", id);
        assertThat(show.out()).contains("deliveries:").contains("peer  ERRORED  attempts=1")
                .contains("gave up after 1 attempt(s)").doesNotContain("PID|");

        Cli.Output resend = Cli.run("resend", h.configDir.toString(), "--errored", "--channel", "feed", "--destination", "peer");
        assertThat(resend.code()).isZero();
        assertThat(resend.out()).contains("queued 1 errored message(s) of feed for peer again");

        Cli.Output queued = Cli.run("messages", h.configDir.toString(), "--status", "QUEUED");
        assertThat(queued.out()).contains(id);

        Cli.Output refused = Cli.run("resend", h.configDir.toString(), "--message", id, "--destination", "nowhere");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.out()).contains("resend: channel feed has no destination 'nowhere'").doesNotContain("at io.conduit");

        Cli.Output badId = Cli.run("messages", h.configDir.toString(), "--show", "not-an-id");
        assertThat(badId.code()).isEqualTo(1);
        assertThat(badId.out()).contains("messages: message id must be 13 characters");
    }
}
