package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.conduit.core.config.ConfigException;
import io.conduit.core.runtime.AuthSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code http.auth:} mapping of {@code conduit.yaml}: sessions and OpenID Connect, and mistakes by file, line and field. */
class AuthSettingsConfigTest {

    private static final String CHANNEL = """
            dataType: hl7v2
            source: {type: mllp, host: 127.0.0.1, port: 0}
            destinations:
              - {name: out, type: file, directory: out}
            """;

    /** Lines 2-10 of conduit.yaml (line 1 is dataDirectory): jwksUri on line 6, the first roleMapping entry on 9. */
    private static final String OIDC = """
            http:
              auth:
                oidc:
                  issuer: https://idp.example.org/realms/hospital
                  jwksUri: https://idp.example.org/realms/hospital/protocol/openid-connect/certs
                  audience: conduit
                  roleMapping:
                    integration-admins: admin
                    clinicians: analyst
            """;

    @TempDir
    Path temp;

    private AuthSettings auth(String yaml) throws Exception {
        EngineHarness h = new EngineHarness(temp).channel("c", CHANNEL);
        Files.writeString(h.configDir.resolve("conduit.yaml"), "dataDirectory: " + temp + "\n" + yaml);
        h.config().validate();
        return h.config().server().http().auth();
    }

    @Test
    void absentAuthMapping_defaultsTo30MinutesIdle_12HoursMax_noOidc() throws Exception {
        assertThat(auth("http:\n  port: 0\n")).isEqualTo(AuthSettings.defaults());
        assertThat(AuthSettings.defaults()).isEqualTo(new AuthSettings(Duration.ofMinutes(30), Duration.ofHours(12), null));
    }

    @Test
    void sessionDurations_areRead_andOmittedOnesDefault() throws Exception {
        assertThat(auth("http:\n  auth:\n    sessionIdleTimeout: 15m\n    sessionMaxAge: 8h\n"))
                .isEqualTo(new AuthSettings(Duration.ofMinutes(15), Duration.ofHours(8), null));
        assertThat(auth("http:\n  auth:\n    sessionIdleTimeout: 10m\n"))
                .isEqualTo(new AuthSettings(Duration.ofMinutes(10), Duration.ofHours(12), null));
        assertThat(auth("http:\n  auth:\n    sessionIdleTimeout: 1h\n    sessionMaxAge: 1h\n").sessionMaxAge())
                .as("max age equal to the idle timeout is allowed").isEqualTo(Duration.ofHours(1));
    }

    @Test
    void oidcMapping_isReadIntoAuthSettings_withClaimDefaults() throws Exception {
        AuthSettings auth = auth(OIDC);
        assertThat(auth.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(auth.oidc()).isEqualTo(new AuthSettings.Oidc("https://idp.example.org/realms/hospital",
                "https://idp.example.org/realms/hospital/protocol/openid-connect/certs", "conduit", "preferred_username", "groups",
                Map.of("integration-admins", "admin", "clinicians", "analyst")));
    }

    @Test
    void oidcClaimNames_canBeSet() throws Exception {
        AuthSettings.Oidc oidc = auth(OIDC.replace("      audience: conduit\n",
                "      audience: conduit\n      usernameClaim: email\n      rolesClaim: realm_roles\n")).oidc();
        assertThat(oidc).isNotNull();
        assertThat(oidc.usernameClaim()).isEqualTo("email");
        assertThat(oidc.rolesClaim()).isEqualTo("realm_roles");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"http://127.0.0.1:8081/realms/hospital/certs", "http://localhost:8081/certs", "http://localhost/certs", "http://[::1]:8081/certs",
            "https://idp.example.org/certs"})
    void oidcJwksUri_httpsOrLocalHttp_isAccepted(String uri) throws Exception {
        AuthSettings.Oidc oidc = auth(OIDC.replace("https://idp.example.org/realms/hospital/protocol/openid-connect/certs", uri)).oidc();
        assertThat(oidc).isNotNull();
        assertThat(oidc.jwksUri()).isEqualTo(uri);
    }

    static Stream<Arguments> mistakes() {
        String jwks = "https://idp.example.org/realms/hospital/protocol/openid-connect/certs";
        return Stream.of(
                Arguments.of("unknown key under auth", "http:\n  auth:\n    sessionTimeout: 10m\n",
                        "conduit.yaml:4: http.auth.sessionTimeout: unknown key 'sessionTimeout'"),
                Arguments.of("unknown key under oidc", OIDC.replace("      audience: conduit\n", "      audience: conduit\n      clientSecret: x\n"),
                        "conduit.yaml:8: http.auth.oidc.clientSecret: unknown key 'clientSecret'"),
                Arguments.of("auth not a mapping", "http:\n  auth: true\n",
                        "conduit.yaml:3: http.auth: must be a mapping"),
                Arguments.of("sessionMaxAge shorter than sessionIdleTimeout", "http:\n  auth:\n    sessionIdleTimeout: 2h\n    sessionMaxAge: 1h\n",
                        "conduit.yaml:5: http.auth.sessionMaxAge: must be at least sessionIdleTimeout"),
                Arguments.of("sessionMaxAge shorter than the default idle timeout", "http:\n  auth:\n    sessionMaxAge: 10m\n",
                        "conduit.yaml:4: http.auth.sessionMaxAge: must be at least sessionIdleTimeout"),
                Arguments.of("zero sessionIdleTimeout", "http:\n  auth:\n    sessionIdleTimeout: 0s\n",
                        "conduit.yaml:4: http.auth.sessionIdleTimeout: must be positive"),
                Arguments.of("sessionIdleTimeout not a duration", "http:\n  auth:\n    sessionIdleTimeout: half an hour\n",
                        "conduit.yaml:4: http.auth.sessionIdleTimeout: must be a duration"),
                Arguments.of("jwksUri plain http to a remote host", OIDC.replace(jwks, "http://idp.example.org/certs"),
                        "conduit.yaml:6: http.auth.oidc.jwksUri: must be an https:// URL (plain http only on localhost)"),
                Arguments.of("jwksUri plain http to a host named like localhost", OIDC.replace(jwks, "http://localhost.attacker.example/certs"),
                        "conduit.yaml:6: http.auth.oidc.jwksUri: must be an https:// URL (plain http only on localhost)"),
                Arguments.of("jwksUri plain http to a host named like 127.0.0.1", OIDC.replace(jwks, "http://127.0.0.1.attacker.example/certs"),
                        "conduit.yaml:6: http.auth.oidc.jwksUri: must be an https:// URL (plain http only on localhost)"),
                Arguments.of("jwksUri plain http with localhost as user info", OIDC.replace(jwks, "http://localhost@attacker.example/certs"),
                        "conduit.yaml:6: http.auth.oidc.jwksUri: must be an https:// URL (plain http only on localhost)"),
                Arguments.of("jwksUri not http at all", OIDC.replace(jwks, "file:///etc/jwks.json"),
                        "conduit.yaml:6: http.auth.oidc.jwksUri: must be an https:// URL"),
                Arguments.of("roleMapping to an unknown role", OIDC.replace("integration-admins: admin", "integration-admins: superuser"),
                        "conduit.yaml:9: http.auth.oidc.roleMapping: maps 'integration-admins' to 'superuser'; allowed roles: viewer, analyst, operator, admin"),
                Arguments.of("roleMapping missing", OIDC.replace("      roleMapping:\n        integration-admins: admin\n        clinicians: analyst\n", ""),
                        "http.auth.oidc.roleMapping: must map at least one group or role of the token to a Conduit role"),
                Arguments.of("missing issuer", OIDC.replace("      issuer: https://idp.example.org/realms/hospital\n", ""),
                        "conduit.yaml:5: http.auth.oidc.issuer: is required"),
                Arguments.of("missing audience", OIDC.replace("      audience: conduit\n", ""),
                        "conduit.yaml:5: http.auth.oidc.audience: is required"),
                Arguments.of("missing jwksUri", OIDC.replace("      jwksUri: " + jwks + "\n", ""),
                        "conduit.yaml:5: http.auth.oidc.jwksUri: is required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void authMistake_isReportedWithFileLineAndField(String label, String http, String expected) throws Exception {
        EngineHarness h = new EngineHarness(temp).channel("c", CHANNEL);
        Files.writeString(h.configDir.resolve("conduit.yaml"), "dataDirectory: " + temp + "\n" + http);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> h.config().validate());
        assertThat(e).as(label).isNotNull();
        assertThat(e.getMessage()).as(label).contains(expected);
    }

    @Test
    void validateCommand_reportsAuthMistake_andExits2() throws Exception {
        EngineHarness h = new EngineHarness(temp).channel("c", CHANNEL);
        Files.writeString(h.configDir.resolve("conduit.yaml"), "dataDirectory: " + temp + "\n"
                + OIDC.replace("integration-admins: admin", "integration-admins: root"));
        Cli.Output validated = Cli.run("validate", h.configDir.toString());
        assertThat(validated.code()).isEqualTo(2);
        assertThat(validated.out()).contains("http.auth.oidc.roleMapping: maps 'integration-admins' to 'root'");
    }
}
