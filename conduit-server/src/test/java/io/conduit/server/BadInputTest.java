package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.core.message.MessageStatus;
import io.conduit.core.store.MessageQuery;
import io.conduit.core.store.MessageSummary;
import io.conduit.hl7v2.mllp.MllpClient;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input on the MLLP listener: each case gets the right NAK or a clean close, the listener
 * keeps serving, and the bad input is stored as ERRORED with its reason.
 */
class BadInputTest {

    @TempDir
    Path temp;

    EngineHarness h;
    int port;

    @BeforeEach
    void start() throws Exception {
        h = new EngineHarness(temp);
        h.channel("inbound", """
                dataType: hl7v2
                source:
                  type: mllp
                  host: 127.0.0.1
                  port: 0
                  maxMessageBytes: 4KB
                  idleTimeout: 2s
                destinations:
                  - name: out
                    type: file
                    directory: out
                """);
        h.start();
        port = h.port("inbound");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void garbageWithoutFraming_isStoredAsErrored_andListenerKeepsServing() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            assertThat(s.getInputStream().read()).as("no answer: there is no frame to answer").isEqualTo(-1);
        }
        assertThat(errored()).singleElement().satisfies(m -> assertThat(m.error()).contains("outside an MLLP frame"));
        assertStillServing();
    }

    @Test
    void framedGarbage_getsRejectNak() throws Exception {
        String ack = sendRaw(frame("this is not an HL7 message"));
        assertThat(ack).startsWith("MSH|").contains("MSA|AR");
        assertThat(errored()).singleElement().satisfies(m -> assertThat(m.error()).isNotBlank());
        assertStillServing();
    }

    @Test
    void oversizedFrame_getsNakNamingTheLimit_andIsStoredTruncated() throws Exception {
        String big = Hl7Samples.adtA01("BIG-1") + "NTE|1||" + "x".repeat(8000) + "\r";
        String ack = sendRaw(frame(big));
        assertThat(ack).contains("MSA|AR|BIG-1");
        assertThat(errored()).singleElement().satisfies(m -> {
            assertThat(m.error()).contains("exceeds the limit of 4096 bytes");
            assertThat(m.size()).isEqualTo(4096);
        });
        assertStillServing();
    }

    @Test
    void messageWithoutMsh9_getsNakLocatingTheField() throws Exception {
        String noType = Hl7Samples.adtA01("NOTYPE-1").replace("ADT^A01^ADT_A01", "");
        String ack = sendRaw(frame(noType));
        assertThat(ack).containsPattern("MSA\\|A[ER]\\|NOTYPE-1").contains("MSH^1^9");
        assertThat(errored()).singleElement().satisfies(m -> {
            assertThat(m.error()).contains("MSH-9");
            assertThat(m.metadata().getOrNull("controlId")).as("findable by control id").isEqualTo("NOTYPE-1");
        });
        assertStillServing();
    }

    @Test
    void badEncodingCharacters_getRejectNak() throws Exception {
        String bad = Hl7Samples.adtA01("ENC-1").replace("MSH|^~\\&|", "MSH|^^^^|");
        String ack = sendRaw(frame(bad));
        assertThat(ack).contains("MSA|AR");
        assertThat(errored()).singleElement().satisfies(m -> assertThat(m.error()).containsIgnoringCase("encoding"));
        assertStillServing();
    }

    @Test
    void connectionClosedMidFrame_isStoredAsErrored() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(0x0B);
            out.write(Hl7Samples.adtA01("CUT-1").substring(0, 60).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            s.shutdownOutput();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(errored()).singleElement().satisfies(m -> assertThat(m.error()).contains("closed before the end block"));
        assertStillServing();
    }

    private List<MessageSummary> errored() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<MessageSummary> found;
        do {
            found = h.engine.store().search(MessageQuery.all(10).withStatus(MessageStatus.ERRORED)).items();
            if (!found.isEmpty()) {
                return found;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return found;
    }

    private void assertStillServing() throws Exception {
        try (MllpClient client = MllpClient.connect("127.0.0.1", port)) {
            String ack = new String(client.send(Hl7Samples.adtA01("GOOD-1").getBytes(StandardCharsets.ISO_8859_1)),
                    StandardCharsets.ISO_8859_1);
            assertThat(ack).contains("MSA|AA|GOOD-1");
        }
    }

    private static byte[] frame(String content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x0B);
        out.writeBytes(content.getBytes(StandardCharsets.ISO_8859_1));
        out.write(0x1C);
        out.write(0x0D);
        return out.toByteArray();
    }

    /** Sends bytes and reads one framed answer. */
    private String sendRaw(byte[] bytes) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            int b = in.read();
            assertThat(b).as("start block").isEqualTo(0x0B);
            while ((b = in.read()) != 0x1C) {
                assertThat(b).as("answer ended early").isNotEqualTo(-1);
                answer.write(b);
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
