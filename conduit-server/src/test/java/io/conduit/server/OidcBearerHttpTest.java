package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.conduit.core.runtime.AuthSettings;
import io.conduit.core.runtime.HttpSettings;
import io.conduit.core.store.AuditQuery;
import io.conduit.server.http.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenID Connect end to end over HTTP: an engine whose {@code http.auth.oidc} points at an issuer's
 * JWKS (a real HTTP server on a loopback port) takes the issuer's signed access tokens as bearer
 * credentials, maps their groups to roles, enforces those roles, and names the user in the audit log.
 */
class OidcBearerHttpTest {

    private static final String ISSUER = "https://idp.example.org/realms/hospital";

    @TempDir
    Path temp;

    RSAKey key;
    com.sun.net.httpserver.HttpServer jwks;
    EngineHarness harness;
    HttpServer http;
    final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("key-1").generate();
        byte[] keys = new JWKSet(key).toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
        jwks = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/certs", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(keys);
            }
        });
        jwks.start();
        harness = new EngineHarness(temp).channel("feed", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0}
                destinations:
                  - {name: out, type: file, directory: out}
                """);
        harness.start();
        AuthSettings.Oidc oidc = new AuthSettings.Oidc(ISSUER, "http://127.0.0.1:" + jwks.getAddress().getPort() + "/certs",
                "conduit", "preferred_username", "groups", Map.of("integration-ops", "operator", "auditors", "viewer"));
        AuthSettings auth = new AuthSettings(Duration.ofMinutes(30), Duration.ofHours(12), oidc);
        http = HttpServer.start(harness.engine, new HttpSettings(true, "127.0.0.1", 0, null, -1, auth), name -> null);
    }

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
        if (harness != null) {
            harness.close();
        }
        if (jwks != null) {
            jwks.stop(0);
        }
    }

    @Test
    void issuersTokens_areBearerCredentials_withTheirMappedRole_andNamedInTheAudit() throws Exception {
        String operator = token("olga", List.of("integration-ops"), ISSUER);
        String viewer = token("vera", List.of("auditors"), ISSUER);

        HttpResponse<String> channels = send("GET", "/api/v1/channels", operator);
        assertThat(channels.statusCode()).as(channels.body()).isEqualTo(200);
        assertThat(channels.body()).contains("\"name\":\"feed\"");

        assertThat(send("POST", "/api/v1/channels/feed/pause", viewer).statusCode()).as("a viewer may not pause").isEqualTo(403);
        HttpResponse<String> paused = send("POST", "/api/v1/channels/feed/pause", operator);
        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
        assertThat(paused.body()).contains("\"state\":\"PAUSED\"");
        assertThat(harness.engine.store().auditSearch(new AuditQuery(null, "pause", "feed", null, null, null, null, 10)))
                .singleElement().satisfies(e -> assertThat(e.event().actor()).isEqualTo("oidc:olga"));

        HttpResponse<String> forged = send("GET", "/api/v1/channels", token("mallory", List.of("integration-ops"),
                "https://evil.example.org"));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
        assertThat(send("GET", "/api/v1/channels", token("nobody", List.of("visitors"), ISSUER)).statusCode())
                .as("groups that map to no role").isEqualTo(401);
    }

    private String token(String user, List<String> groups, String issuer) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(issuer).audience("conduit").subject("sub-" + user)
                        .claim("preferred_username", user).claim("groups", groups)
                        .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5)))).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private HttpResponse<String> send(String method, String path, String bearer) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
                .header("Authorization", "Bearer " + bearer).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
