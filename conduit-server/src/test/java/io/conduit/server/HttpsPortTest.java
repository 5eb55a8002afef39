package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.runtime.HttpSettings;
import io.conduit.server.http.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP port over TLS: configured in conduit.yaml, HSTS on every answer, plain HTTP refused. */
class HttpsPortTest {

    private static final String PASS = "http-secret";

    @TempDir
    static Path keys;

    @TempDir
    Path temp;

    @BeforeAll
    static void makeKeyMaterial() throws Exception {
        TestKeys.genKeyPair(keys, "server", "CN=localhost, O=Conduit Test", "san=dns:localhost,ip:127.0.0.1", PASS);
        TestKeys.exportAndTrust(keys, "server", PASS, "trust", PASS);
    }

    private static SSLContext trusting() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys.resolve("trust.p12"))) {
            trust.load(in, PASS.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    @Test
    void tlsConfigured_servesHttpsWithHsts_andRefusesPlainHttp() throws Exception {
        EngineHarness h = new EngineHarness(temp);
        Files.createDirectories(h.dataDir.resolve("tls"));
        Files.copy(keys.resolve("server.p12"), h.dataDir.resolve("tls/server.p12"));
        h.env.put("HTTP_KEYSTORE_PASSWORD", PASS);
        Files.writeString(h.configDir.resolve("conduit.yaml"), """
                dataDirectory: %s
                http:
                  port: 0
                  tls: {keyStore: tls/server.p12, keyStorePassword: "${HTTP_KEYSTORE_PASSWORD}"}
                """.formatted(h.dataDir));
        h.channel("feed", "dataType: hl7v2\nsource: {type: channel}\ndestinations: [{name: out, type: file, directory: out}]\n");
        try (h) {
            h.start();
            HttpSettings settings = h.engine.server().http();
            assertThat(settings.tls()).isNotNull();
            assertThat(settings.toString()).doesNotContain(PASS);
            try (HttpServer http = HttpServer.start(h.engine, settings)) {
                HttpClient client = HttpClient.newBuilder().sslContext(trusting()).connectTimeout(Duration.ofSeconds(5)).build();
                HttpResponse<String> live = client.send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + http.port() + "/health/live")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(live.statusCode()).isEqualTo(200);
                assertThat(live.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
                assertThat(live.headers().firstValue("X-Frame-Options")).hasValue("DENY");

                HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                assertThatThrownBy(() -> {
                    HttpResponse<String> r = plain.send(HttpRequest.newBuilder(URI.create("http://localhost:" + http.port()
                            + "/health/live")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() < 400) {
                        throw new AssertionError("plain HTTP was served: " + r.statusCode());
                    }
                    throw new IOException("refused with " + r.statusCode());
                }).isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void redirectPort_sendsPlainHttpToHttps() throws Exception {
        EngineHarness h = new EngineHarness(temp);
        Files.createDirectories(h.dataDir.resolve("tls"));
        Files.copy(keys.resolve("server.p12"), h.dataDir.resolve("tls/server.p12"));
        Files.writeString(h.configDir.resolve("conduit.yaml"), """
                dataDirectory: %s
                http:
                  port: 0
                  redirectPort: 0
                  tls: {keyStore: tls/server.p12, keyStorePassword: %s}
                """.formatted(h.dataDir, PASS));
        h.channel("feed", "dataType: hl7v2\nsource: {type: channel}\ndestinations: [{name: out, type: file, directory: out}]\n");
        try (h) {
            h.start();
            try (HttpServer http = HttpServer.start(h.engine, h.engine.server().http())) {
                int redirect = http.redirectPort().orElseThrow();
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + redirect + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(308);
                assertThat(r.headers().firstValue("Location")).hasValue("https://127.0.0.1:" + http.port() + "/health/ready");
                HttpClient client = HttpClient.newBuilder().sslContext(trusting()).followRedirects(HttpClient.Redirect.NORMAL).build();
                HttpResponse<String> followed = client.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + redirect + "/health/live")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(followed.statusCode()).isEqualTo(200);
                assertThat(followed.uri().getScheme()).isEqualTo("https");
            }
        }
    }

    @Test
    void redirectPort_withoutTls_isAConfigError() throws Exception {
        EngineHarness h = new EngineHarness(temp);
        Files.writeString(h.configDir.resolve("conduit.yaml"), "dataDirectory: " + h.dataDir + "\nhttp: {port: 0, redirectPort: 8081}\n");
        assertThatThrownBy(() -> h.config().server()).hasMessageContaining("conduit.yaml:2")
                .hasMessageContaining("http.redirectPort").hasMessageContaining("needs http.tls");
    }

    @Test
    void plainHttp_sendsNoHsts() throws Exception {
        EngineHarness h = new EngineHarness(temp);
        h.channel("feed", "dataType: hl7v2\nsource: {type: channel}\ndestinations: [{name: out, type: file, directory: out}]\n");
        try (h) {
            h.start();
            try (HttpServer http = HttpServer.start(h.engine, new HttpSettings(true, "127.0.0.1", 0))) {
                HttpResponse<String> live = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + http.port() + "/health/live")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(live.statusCode()).isEqualTo(200);
                assertThat(live.headers().firstValue("Strict-Transport-Security")).isEmpty();
            }
        }
    }
}
