package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.conduit.core.config.ConfigException;
import io.conduit.core.runtime.HttpSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code http:} mapping of {@code conduit.yaml}: defaults, and mistakes named by file, line and field. */
class HttpSettingsTest {

    private static final String CHANNEL = """
            dataType: hl7v2
            source: {type: mllp, host: 127.0.0.1, port: 0}
            destinations:
              - {name: out, type: file, directory: out}
            """;

    @TempDir
    Path temp;

    @Test
    void absentHttpMapping_defaultsToLoopbackPort8080_enabled() throws Exception {
        EngineHarness h = new EngineHarness(temp).channel("c", CHANNEL);
        Files.writeString(h.configDir.resolve("conduit.yaml"), "dataDirectory: " + temp + "\n");
        assertThat(h.config().server().http()).isEqualTo(new HttpSettings(true, "127.0.0.1", 8080));
    }

    @Test
    void httpMapping_isReadIntoServerConfig() throws Exception {
        EngineHarness h = new EngineHarness(temp).channel("c", CHANNEL);
        Files.writeString(h.configDir.resolve("conduit.yaml"),
                "dataDirectory: " + temp + "\nhttp:\n  host: 0.0.0.0\n  port: 9090\n  enabled: false\n");
        assertThat(h.config().server().http()).isEqualTo(new HttpSettings(false, "0.0.0.0", 9090));
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("port out of range", "http:\n  port: 70000\n",
                        "conduit.yaml:3: http.port: must be between 0 and 65535, got 70000"),
                Arguments.of("port not a number", "http:\n  port: eighty\n",
                        "conduit.yaml:3: http.port: must be a whole number between 0 and 65535, got 'eighty'"),
                Arguments.of("unknown key (a typo)", "http:\n  prot: 9090\n",
                        "conduit.yaml:3: http.prot: unknown key 'prot' (did you mean 'port'?)"),
                Arguments.of("enabled not a boolean", "http:\n  enabled: maybe\n",
                        "conduit.yaml:3: http.enabled: must be true or false, got 'maybe'"),
                Arguments.of("blank host", "http:\n  host: ' '\n",
                        "conduit.yaml:3: http.host: must name an address to listen on"),
                Arguments.of("not a mapping", "http: 8080\n",
                        "conduit.yaml:2: http: must be a mapping of keys to values"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void httpMistake_isReportedWithFileLineAndField(String label, String http, String expected) throws Exception {
        EngineHarness h = new EngineHarness(temp).channel("c", CHANNEL);
        Files.writeString(h.configDir.resolve("conduit.yaml"), "dataDirectory: " + temp + "\n" + http);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> h.config().validate());
        assertThat(e.getMessage()).contains(expected);
    }

    @Test
    void validateCommand_reportsHttpMistake_andExits2() throws Exception {
        EngineHarness h = new EngineHarness(temp).channel("c", CHANNEL);
        Files.writeString(h.configDir.resolve("conduit.yaml"), "dataDirectory: " + temp + "\nhttp:\n  port: -1\n");
        Cli.Output validated = Cli.run("validate", h.configDir.toString());
        assertThat(validated.code()).isEqualTo(2);
        assertThat(validated.out()).contains("conduit.yaml:3: http.port: must be between 0 and 65535, got -1");
    }
}
