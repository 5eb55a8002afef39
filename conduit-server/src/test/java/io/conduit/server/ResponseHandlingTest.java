package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.config.ConfigException;
import io.conduit.hl7v2.mllp.MllpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source's answer built from a destination's (transformed) response. */
class ResponseHandlingTest {

    @TempDir
    Path temp;

    private static String send(int port, String controlId) throws Exception {
        try (MllpClient client = MllpClient.connect("127.0.0.1", port)) {
            return new String(client.send(Hl7Samples.adtA01(controlId).getBytes(StandardCharsets.ISO_8859_1)),
                    StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void respondWith_relaysTheDownstreamAck_throughResponseTransformers() throws Exception {
        try (ScriptedMllpPeer peer = new ScriptedMllpPeer(frame -> "AA");
             EngineHarness h = new EngineHarness(temp)) {
            h.channel("relay", """
                    dataType: hl7v2
                    source: {type: mllp, host: 127.0.0.1, port: %d, respondAfter: delivered, respondWith: ehr}
                    destinations:
                      - {name: archive, type: file, directory: archive}
                      - name: ehr
                        type: mllp
                        host: 127.0.0.1
                        port: %d
                        responseTransformers:
                          - {type: set, path: MSH-3, value: CONDUIT}
                          - {type: set, path: MSA-3, value: accepted by the EHR}
                    """.formatted(EngineHarness.freePort(), peer.port()));
            h.start();
            String ack = send(h.port("relay"), "RSP-1");
            assertThat(ack).startsWith("MSH|^~\\&|CONDUIT|PEER|").contains("MSA|AA|RSP-1|accepted by the EHR");
        }
    }

    @Test
    void withoutResponseTransformers_theDownstreamAckIsRelayedAsItIs() throws Exception {
        try (ScriptedMllpPeer peer = new ScriptedMllpPeer(frame -> "AA");
             EngineHarness h = new EngineHarness(temp)) {
            h.channel("relay", """
                    dataType: hl7v2
                    source: {type: mllp, host: 127.0.0.1, port: %d, respondAfter: delivered, respondWith: ehr}
                    destinations:
                      - {name: ehr, type: mllp, host: 127.0.0.1, port: %d}
                    """.formatted(EngineHarness.freePort(), peer.port()));
            h.start();
            assertThat(send(h.port("relay"), "RSP-2")).contains("MSA|AA|RSP-2|scripted AA");
        }
    }

    @Test
    void responseOptions_areCheckedAtLoad() throws Exception {
        EngineHarness h = new EngineHarness(temp);
        h.channel("relay", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0, respondWith: ehr}
                destinations:
                  - {name: ehr, type: mllp, host: 127.0.0.1, port: 1}
                """);
        assertThatThrownBy(() -> h.config().validate()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("source.respondWith").hasMessageContaining("respondAfter: delivered");
        h.channel("relay", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0}
                destinations:
                  - name: ehr
                    type: mllp
                    host: 127.0.0.1
                    port: 1
                    responseTransformers: [{type: set, path: MSA-3, value: x}]
                """);
        assertThatThrownBy(() -> h.config().validate()).hasMessageContaining("set source.respondWith: ehr");
    }
}
