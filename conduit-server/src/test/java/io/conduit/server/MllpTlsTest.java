package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.conduit.core.message.Metadata;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.store.MessageQuery;
import io.conduit.core.store.MessageSummary;
import io.conduit.core.tls.TlsSettings;
import io.conduit.hl7v2.mllp.MllpClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MLLP listener over TLS and mutual TLS, and the MLLP destination over TLS, with key material
 * made by the JDK's {@code keytool} for each run (PKCS12; the server certificate names
 * {@code localhost} and {@code 127.0.0.1}). Store passwords reach the channel config through
 * {@code ${ENV}}; store paths are relative to the data directory.
 */
class MllpTlsTest {

    private static final String SERVER_PASS = "server-secret";
    private static final String CLIENT_PASS = "client-secret";
    private static final String TRUST_PASS = "trust-secret";

    @TempDir
    static Path keys;

    @TempDir
    Path temp;

    EngineHarness h;

    /** server.p12 and client.p12 (key pairs); client-trust.p12 holds the server's cert, server-trust.p12 the client's. */
    @BeforeAll
    static void makeKeyMaterial() throws Exception {
        // Each side's steps run in order; the two sides run side by side (keytool is a JVM start each).
        try (ExecutorService sides = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> server = sides.submit(() -> {
                genKeyPair("server", "CN=localhost, O=Conduit Test", "san=dns:localhost,ip:127.0.0.1", SERVER_PASS);
                exportAndTrust("server", SERVER_PASS, "client-trust");
                return null;
            });
            Future<?> client = sides.submit(() -> {
                genKeyPair("client", "CN=conduit-test-client, O=Conduit Test", null, CLIENT_PASS);
                exportAndTrust("client", CLIENT_PASS, "server-trust");
                return null;
            });
            server.get();
            client.get();
        }
    }

    @BeforeEach
    void engine() throws IOException {
        h = new EngineHarness(temp);
        Path tlsDir = Files.createDirectories(h.dataDir.resolve("tls"));
        for (String f : List.of("server.p12", "server-trust.p12", "client.p12", "client-trust.p12")) {
            Files.copy(keys.resolve(f), tlsDir.resolve(f));
        }
        h.env.put("MLLP_KEYSTORE_PASSWORD", SERVER_PASS);
        h.env.put("MLLP_TRUSTSTORE_PASSWORD", TRUST_PASS);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void tlsListener_clientTrustingServerCert_getsAcceptAck() throws Exception {
        h.channel("secure", listener("none", 0));
        h.start();

        assertThat(sendTls(h.port("secure"), clientTls(false), "TLS-1")).contains("MSA|AA|TLS-1");
        assertThat(storedControlIds("secure")).containsExactly("TLS-1");
    }

    @Test
    void tlsListener_plainTcpClient_getsNoAck_andListenerKeepsServingTls() throws Exception {
        h.channel("secure", listener("none", 0));
        h.start();
        int port = h.port("secure");

        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(frame(Hl7Samples.adtA01("PLAIN-1")));
            s.getOutputStream().flush();
            String answer = readUntilClosed(s.getInputStream());
            assertThat(answer).as("the server speaks TLS only: no MLLP frame, no ACK")
                    .doesNotContain("MSH|").doesNotContain("MSA|");
        }
        assertThat(sendTls(port, clientTls(false), "TLS-2")).contains("MSA|AA|TLS-2");
        assertThat(storedControlIds("secure")).as("the plain bytes never became a message").containsExactly("TLS-2");
    }

    @Test
    void tlsListener_clientNotTrustingServerCert_failsHandshake() throws Exception {
        h.channel("secure", listener("none", 0));
        h.start();
        // The server's own trust store holds only the client's certificate, not the server's.
        TlsSettings wrongTrust = new TlsSettings(null, null, keys.resolve("server-trust.p12"), TRUST_PASS.toCharArray(),
                TlsSettings.ClientAuth.NONE, List.of("TLSv1.3", "TLSv1.2"), null);

        assertThatThrownBy(() -> sendTls(h.port("secure"), wrongTrust, "UNTRUSTED-1")).isInstanceOf(IOException.class);
        assertThat(sendTls(h.port("secure"), clientTls(false), "TLS-3")).contains("MSA|AA|TLS-3");
    }

    @Test
    void mutualTls_clientWithTrustedCertificate_getsAcceptAck() throws Exception {
        h.channel("mtls", listener("need", 0));
        h.start();

        assertThat(sendTls(h.port("mtls"), clientTls(true), "MTLS-1")).contains("MSA|AA|MTLS-1");
    }

    @Test
    void mutualTls_clientWithoutCertificate_failsHandshake_andListenerKeepsServing() throws Exception {
        h.channel("mtls", listener("need", 0));
        h.start();
        int port = h.port("mtls");

        // Under TLS 1.3 the client learns of the rejection on its first read, so connect and send together.
        assertThatThrownBy(() -> sendTls(port, clientTls(false), "NOCERT-1")).isInstanceOf(IOException.class);
        assertThat(sendTls(port, clientTls(true), "MTLS-2")).contains("MSA|AA|MTLS-2");
        assertThat(storedControlIds("mtls")).containsExactly("MTLS-2");
    }

    @Test
    void mllpDestinationWithTls_deliversToTlsListener_andMessageEndsSent() throws Exception {
        int securePort = EngineHarness.freePort();
        h.channel("secure", listener("none", securePort));
        h.channel("relay", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0}
                destinations:
                  - name: secure-peer
                    type: mllp
                    host: 127.0.0.1
                    port: %d
                    connectTimeout: 2s
                    responseTimeout: 5s
                    tls:
                      trustStore: tls/client-trust.p12
                      trustStorePassword: ${MLLP_TRUSTSTORE_PASSWORD}
                """.formatted(securePort));
        h.start();

        try (MllpClient client = MllpClient.connect("127.0.0.1", h.port("relay"))) {
            assertThat(ack(client, "RELAY-1")).contains("MSA|AA|RELAY-1");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> status("relay") == MessageStatus.SENT);
        assertThat(storedControlIds("secure")).as("arrived at the TLS listener").containsExactly("RELAY-1");
    }

    private static String listener(String clientAuth, int port) {
        return """
                dataType: hl7v2
                source:
                  type: mllp
                  host: 127.0.0.1
                  port: %d
                  idleTimeout: 5s
                  tls:
                    keyStore: tls/server.p12
                    keyStorePassword: ${MLLP_KEYSTORE_PASSWORD}
                    trustStore: tls/server-trust.p12
                    trustStorePassword: ${MLLP_TRUSTSTORE_PASSWORD}
                    clientAuth: %s
                destinations:
                  - name: out
                    type: file
                    directory: out
                """.formatted(port, clientAuth);
    }

    private static TlsSettings clientTls(boolean presentCertificate) {
        return new TlsSettings(presentCertificate ? keys.resolve("client.p12") : null,
                presentCertificate ? CLIENT_PASS.toCharArray() : null,
                keys.resolve("client-trust.p12"), TRUST_PASS.toCharArray(),
                TlsSettings.ClientAuth.NONE, List.of("TLSv1.3", "TLSv1.2"), null);
    }

    private static String sendTls(int port, TlsSettings tls, String controlId) throws IOException {
        try (MllpClient client = MllpClient.connect("127.0.0.1", port, Duration.ofSeconds(5), Duration.ofSeconds(5),
                64 * 1024, tls)) {
            return ack(client, controlId);
        }
    }

    private static String ack(MllpClient client, String controlId) throws IOException {
        return new String(client.send(Hl7Samples.adtA01(controlId).getBytes(StandardCharsets.ISO_8859_1)),
                StandardCharsets.ISO_8859_1);
    }

    private List<String> storedControlIds(String channel) throws Exception {
        List<String> ids = new ArrayList<>();
        for (MessageSummary m : h.engine.store().search(MessageQuery.all(100).withChannel(channel)).items()) {
            ids.add(m.metadata().getOrNull(Metadata.CONTROL_ID));
        }
        return ids;
    }

    private @Nullable MessageStatus status(String channel) throws Exception {
        List<MessageSummary> items = h.engine.store().search(MessageQuery.all(10).withChannel(channel)).items();
        return items.isEmpty() ? null : items.get(0).status();
    }

    private static byte[] frame(String content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x0B);
        out.writeBytes(content.getBytes(StandardCharsets.ISO_8859_1));
        out.write(0x1C);
        out.write(0x0D);
        return out.toByteArray();
    }

    /** Everything the peer sends until it closes (a reset counts as closed); fails if it neither answers nor closes. */
    private static String readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1) {
                got.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither answered nor closed the connection", e);
        } catch (SocketException e) {
            // reset by the server: closed
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    // --- key material -------------------------------------------------------------------------

    private static void genKeyPair(String name, String dname, @Nullable String ext, String password) throws Exception {
        TestKeys.genKeyPair(keys, name, dname, ext, password);
    }

    private static void exportAndTrust(String name, String password, String trustStore) throws Exception {
        TestKeys.exportAndTrust(keys, name, password, trustStore, TRUST_PASS);
    }
}
