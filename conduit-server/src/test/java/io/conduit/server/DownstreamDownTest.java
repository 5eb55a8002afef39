package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.util.Terser;
import io.conduit.core.message.MessageId;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.message.Stage;
import io.conduit.core.store.DeliveryRecord;
import io.conduit.core.store.StageRecord;
import io.conduit.hl7v2.mllp.MllpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MLLP destination's peer is down: messages queue, are retried with back-off, reach ERRORED
 * after the limit, and are delivered once the peer (HAPI's MLLP server) is back and they are
 * resent.
 */
class DownstreamDownTest {

    @TempDir
    Path temp;

    @Test
    void peerDown_retriesThenErrors_andResendDeliversInOrderOncePeerIsBack() throws Exception {
        int peerPort = EngineHarness.freePort();
        EngineHarness h = new EngineHarness(temp);
        h.channel("feed", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0}
                destinations:
                  - name: downstream
                    type: mllp
                    host: 127.0.0.1
                    port: %d
                    connectTimeout: 1s
                    retry: {maxAttempts: 3, initialDelay: 100ms, maxDelay: 200ms}
                """.formatted(peerPort));
        List<String> received = new CopyOnWriteArrayList<>();
        try (h; HapiContext hapi = new DefaultHapiContext()) {
            h.start();
            List<String> ids = List.of("DOWN-1", "DOWN-2", "DOWN-3");
            try (MllpClient client = MllpClient.connect("127.0.0.1", h.port("feed"))) {
                for (String id : ids) {
                    String ack = new String(client.send(Hl7Samples.adtA01(id).getBytes(StandardCharsets.ISO_8859_1)),
                            StandardCharsets.ISO_8859_1);
                    assertThat(ack).as("stored, so accepted although the peer is down").contains("MSA|AA|" + id);
                }
            }
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    h.engine.store().deliveriesWithStatus("feed", "downstream", MessageStatus.ERRORED, 10).size() == 3);

            MessageId first = h.engine.store().deliveriesWithStatus("feed", "downstream", MessageStatus.ERRORED, 10).get(0);
            DeliveryRecord delivery = h.engine.store().deliveries(first).get(0);
            assertThat(delivery.attempts()).isEqualTo(3);
            assertThat(delivery.lastError()).contains("gave up after 3 attempt(s)").contains("127.0.0.1:" + peerPort);
            List<StageRecord> stages = h.engine.store().stages(first);
            assertThat(stages).extracting(StageRecord::stage)
                    .containsSubsequence(Stage.RECEIVED, Stage.SEND_FAILED, Stage.SEND_FAILED, Stage.ERRORED);
            assertThat(h.engine.store().find(first).orElseThrow().status()).isEqualTo(MessageStatus.ERRORED);

            hapi.getParserConfiguration().setValidating(false);
            hapi.getParserConfiguration().setIdGenerator(new ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator());
            HL7Service peer = hapi.newServer(peerPort, false);
            peer.registerApplication("*", "*", new ReceivingApplication<Message>() {
                @Override
                public Message processMessage(Message message, Map<String, Object> metadata) {
                    try {
                        received.add(new Terser(message).get("/MSH-10"));
                        return message.generateACK();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                public boolean canProcess(Message message) {
                    return true;
                }
            });
            peer.startAndWait();
            try {
                int resent = h.engine.resendErrored("feed", "downstream", 100);
                assertThat(resent).isEqualTo(3);
                await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 3);
                assertThat(received).containsExactlyElementsOf(ids);
                await().atMost(Duration.ofSeconds(5)).until(() ->
                        h.engine.store().find(first).orElseThrow().status() == MessageStatus.SENT);
                assertThat(h.engine.store().stages(first)).extracting(StageRecord::stage)
                        .containsSubsequence(Stage.ERRORED, Stage.RESENT, Stage.SENT);
            } finally {
                peer.stopAndWait();
            }
        }
    }
}
