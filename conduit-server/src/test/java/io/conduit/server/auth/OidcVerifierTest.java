package io.conduit.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.conduit.core.runtime.AuthSettings;
import io.conduit.core.store.MessageStore;
import io.conduit.store.jdbc.SqliteStoreFactory;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenID Connect bearer tokens checked against a real JWKS endpoint (an HTTP server on an
 * ephemeral loopback port), with tokens signed by Nimbus as an issuer would sign them.
 */
class OidcVerifierTest {

    private static final String ISSUER = "https://idp.example.org/realms/hospital";
    private static final String AUDIENCE = "conduit";
    private static final Map<String, String> MAPPING = Map.of(
            "integration-admins", "admin",
            "integration-ops", "operator",
            "clinicians", "analyst",
            "auditors", "viewer");

    private static RSAKey key;
    private static RSAKey otherKey;

    private HttpServer server;
    private final AtomicReference<String> jwks = new AtomicReference<>();
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private AuthSettings.Oidc settings;
    private OidcVerifier verifier;

    @TempDir
    Path temp;

    @BeforeAll
    static void generateKeys() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("key-1").generate();
        otherKey = new RSAKeyGenerator(2048).keyID("key-other").generate();
    }

    @BeforeEach
    void startJwksServer() throws Exception {
        serve(key);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/realms/hospital/certs", exchange -> {
            jwksRequests.incrementAndGet();
            byte[] body = jwks.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        settings = new AuthSettings.Oidc(ISSUER, "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/hospital/certs",
                AUDIENCE, "preferred_username", "groups", MAPPING);
        verifier = new OidcVerifier(settings);
    }

    @AfterEach
    void stopJwksServer() {
        server.stop(0);
    }

    /** Publishes the public halves of {@code keys} as the issuer's JWKS. */
    private void serve(RSAKey... keys) {
        jwks.set(new JWKSet(List.of(keys)).toPublicJWKSet().toString());
    }

    private static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now(); // Nimbus checks exp against the system clock
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")
                .claim("preferred_username", "jane")
                .claim("groups", List.of("clinicians"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
    }

    private static String sign(RSAKey with, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims);
        jwt.sign(new RSASSASigner(with));
        return jwt.serialize();
    }

    private static String token(UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        return sign(key, change.apply(claims()).build());
    }

    private Principal accepted(String token) {
        OidcVerifier.Outcome outcome = verifier.verify(token);
        assertThat(outcome).isInstanceOf(OidcVerifier.Outcome.Accepted.class);
        return ((OidcVerifier.Outcome.Accepted) outcome).principal();
    }

    private String refused(String token) {
        OidcVerifier.Outcome outcome = verifier.verify(token);
        assertThat(outcome).isInstanceOf(OidcVerifier.Outcome.Refused.class);
        String reason = ((OidcVerifier.Outcome.Refused) outcome).reason();
        assertThat(reason).isNotBlank();
        if (!token.isEmpty()) {
            assertThat(reason).doesNotContain(token);
        }
        return reason;
    }

    // ---- accepted ---------------------------------------------------------------------------------

    @Test
    void validToken_isAccepted_withUserNameAndMappedRole() throws Exception {
        Principal p = accepted(token(c -> c));
        assertThat(p.name()).isEqualTo("jane");
        assertThat(p.role()).isEqualTo(Role.ANALYST);
        assertThat(p.via()).isEqualTo(Principal.Via.OIDC);
        assertThat(p.session()).isNull();
        assertThat(p.auditName()).isEqualTo("oidc:jane");
        assertThat(jwksRequests.get()).isEqualTo(1);
    }

    @Test
    void severalMappedGroups_highestRoleWins_whateverTheOrder() throws Exception {
        assertThat(accepted(token(c -> c.claim("groups", List.of("auditors", "integration-ops", "clinicians")))).role())
                .isEqualTo(Role.OPERATOR);
        assertThat(accepted(token(c -> c.claim("groups", List.of("integration-ops", "clinicians", "auditors")))).role())
                .isEqualTo(Role.OPERATOR);
        assertThat(accepted(token(c -> c.claim("groups", List.of("unmapped", "integration-admins", "auditors")))).role())
                .isEqualTo(Role.ADMIN);
    }

    @Test
    void rolesClaimAsSingleString_isMapped() throws Exception {
        assertThat(accepted(token(c -> c.claim("groups", "auditors"))).role()).isEqualTo(Role.VIEWER);
    }

    @Test
    void audienceList_containingOurs_isAccepted() throws Exception {
        assertThat(accepted(token(c -> c.audience(List.of("account", AUDIENCE)))).name()).isEqualTo("jane");
    }

    @Test
    void missingUsernameClaim_fallsBackToSubject() throws Exception {
        assertThat(accepted(token(c -> c.claim("preferred_username", null))).name()).isEqualTo("f81d4fae-7dec-11d0-a765-00a0c91e6bf6");
    }

    @Test
    void jwksIsCached_notFetchedPerToken() throws Exception {
        for (int i = 0; i < 5; i++) {
            accepted(token(c -> c));
        }
        assertThat(jwksRequests.get()).isEqualTo(1);
    }

    // ---- refused ----------------------------------------------------------------------------------

    @Test
    void groupsMappingToNothing_isRefused_withAReason() throws Exception {
        String reason = refused(token(c -> c.claim("groups", List.of("cafeteria", "parking"))));
        assertThat(reason).contains("jane").contains("groups").contains("roleMapping");
    }

    @Test
    void noGroupsClaim_isRefused() throws Exception {
        assertThat(refused(token(c -> c.claim("groups", null)))).contains("roleMapping");
    }

    @Test
    void wrongIssuer_isRefused() throws Exception {
        assertThat(refused(token(c -> c.issuer("https://evil.example.org/realms/hospital")))).contains("iss");
    }

    @Test
    void wrongAudience_isRefused() throws Exception {
        assertThat(refused(token(c -> c.audience("some-other-client")))).contains("aud");
    }

    @Test
    void missingAudience_isRefused() throws Exception {
        refused(token(c -> c.audience((String) null)));
    }

    @Test
    void expiredToken_isRefused() throws Exception {
        Instant past = Instant.now().minus(Duration.ofMinutes(10));
        assertThat(refused(token(c -> c.issueTime(Date.from(past.minusSeconds(300))).expirationTime(Date.from(past)))))
                .containsIgnoringCase("expired");
    }

    @Test
    void tokenWithoutExpiry_isRefused() throws Exception {
        assertThat(refused(token(c -> c.expirationTime(null)))).contains("exp");
    }

    @Test
    void tokenWithoutSubject_isRefused() throws Exception {
        assertThat(refused(token(c -> c.subject(null)))).contains("sub");
    }

    @Test
    void signedByAnotherKey_withAnUnknownKeyId_isRefused() throws Exception {
        refused(sign(otherKey, claims().build()));
    }

    @Test
    void signedByAnotherKey_claimingTheIssuersKeyId_isRefused() throws Exception {
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
        refused(sign(impostor, claims().build()));
    }

    @Test
    void tamperedPayload_isRefused() throws Exception {
        String[] parts = token(c -> c).split("\\.");
        String adminPayload = SignedJWT.parse(token(c -> c.claim("groups", List.of("integration-admins")))).getPayload()
                .toBase64URL().toString();
        refused(parts[0] + "." + adminPayload + "." + parts[2]);
    }

    @Test
    void unsignedToken_algNone_isRefused() throws Exception {
        String unsigned = new PlainJWT(claims().claim("groups", List.of("integration-admins")).build()).serialize();
        assertThat(unsigned).endsWith(".");
        refused(unsigned);
    }

    @Test
    void hs256_withThePublicKeyAsSecret_isRefused() throws Exception {
        // the classic algorithm-confusion attack: the public key is public, so anyone can make this MAC
        byte[] publicKey = key.toRSAPublicKey().getEncoded();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(),
                claims().claim("groups", List.of("integration-admins")).build());
        jwt.sign(new MACSigner(publicKey));
        refused(jwt.serialize());
        byte[] jwksText = jwks.get().getBytes(StandardCharsets.UTF_8);
        SignedJWT withJwksText = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(),
                claims().claim("groups", List.of("integration-admins")).build());
        withJwksText.sign(new MACSigner(jwksText));
        refused(withJwksText.serialize());
    }

    @Test
    void notAJwt_isRefused() {
        assertThat(refused("garbage")).isEqualTo("not a JWT");
        refused("a.b.c");
        refused("");
    }

    @Test
    void jwksUnreachable_isRefused_withoutThrowing() throws Exception {
        server.stop(0);
        assertThat(refused(token(c -> c))).isNotBlank();
    }

    @Test
    void keyRotation_newKeyIsPickedUp_oldKeyIsDropped() throws Exception {
        assertThat(accepted(token(c -> c)).role()).isEqualTo(Role.ANALYST); // key-1 now cached
        RSAKey rotated = new RSAKeyGenerator(2048).keyID("key-2").generate();
        serve(rotated);

        assertThat(accepted(sign(rotated, claims().build())).name()).isEqualTo("jane");
        assertThat(jwksRequests.get()).as("the unknown key id made it refetch the JWKS").isEqualTo(2);
        refused(token(c -> c)); // key-1 is no longer published
    }

    @Test
    void keyRotation_withBothKeysPublished_acceptsBoth() throws Exception {
        RSAKey rotated = new RSAKeyGenerator(2048).keyID("key-2").generate();
        accepted(token(c -> c));
        serve(key, rotated);
        accepted(sign(rotated, claims().build()));
        accepted(token(c -> c));
    }

    // ---- through Accounts ---------------------------------------------------------------------------

    @Test
    void accountsBearer_withOidcConfigured_acceptsTheIssuersTokens_andStillApiTokens() throws Exception {
        TestClock clock = new TestClock(Instant.now());
        try (MessageStore store = new SqliteStoreFactory(clock).open(SqliteStoreFactory.Settings.defaults(temp.resolve("store.db")))) {
            Accounts accounts = new Accounts(store, new AuthSettings(Duration.ofMinutes(30), Duration.ofHours(12), settings), clock,
                    new PasswordHashing(64, 1, 1));

            assertThat(accounts.bearer(token(c -> c.claim("groups", List.of("integration-admins")))))
                    .isInstanceOfSatisfying(Accounts.Bearer.Accepted.class, a -> {
                        assertThat(a.principal().name()).isEqualTo("jane");
                        assertThat(a.principal().role()).isEqualTo(Role.ADMIN);
                        assertThat(a.principal().via()).isEqualTo(Principal.Via.OIDC);
                        assertThat(a.principal().auditName()).isEqualTo("oidc:jane");
                    });
            assertThat(accounts.bearer(token(c -> c.audience("another-app"))))
                    .isInstanceOfSatisfying(Accounts.Bearer.Refused.class, r -> assertThat(r.reason()).contains("aud"));
            assertThat(accounts.bearer(sign(otherKey, claims().build()))).isInstanceOf(Accounts.Bearer.Refused.class);
            assertThat(accounts.bearer("garbage"))
                    .isInstanceOfSatisfying(Accounts.Bearer.Refused.class, r -> assertThat(r.reason()).isEqualTo("not a JWT"));

            Accounts.NewToken api = accounts.createToken("ci", Role.VIEWER, Duration.ofDays(1), "root", "127.0.0.1");
            assertThat(accounts.bearer(api.token())).isInstanceOfSatisfying(Accounts.Bearer.Accepted.class,
                    a -> assertThat(a.principal().via()).isEqualTo(Principal.Via.API_TOKEN));
        }
    }
}
