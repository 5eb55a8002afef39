package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.conduit.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each class of configuration mistake is reported with file, line and field, and what is allowed. */
class ConfigErrorsTest {

    private static final String VALID = """
            dataType: hl7v2
            source:
              type: mllp
              port: 2575
            destinations:
              - name: out
                type: file
                directory: out
            """;

    @TempDir
    Path temp;

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("unknown key (a typo)", VALID.replace("source:", "sorce:"),
                        "channels/c.yaml:2: sorce: unknown key 'sorce' (did you mean 'source'?)"),
                Arguments.of("missing required section", VALID.replace("source:\n  type: mllp\n  port: 2575\n", ""),
                        "channels/c.yaml:1: source: is required"),
                Arguments.of("wrong value type", VALID.replace("port: 2575", "port: twenty"),
                        "channels/c.yaml:4: source.port: must be a whole number between 0 and 65535, got 'twenty'"),
                Arguments.of("value out of range", VALID.replace("port: 2575", "port: 70000"),
                        "channels/c.yaml:4: source.port: must be between 0 and 65535, got 70000"),
                Arguments.of("unknown connector type", VALID.replace("type: mllp", "type: mlp"),
                        "channels/c.yaml:3: source.type: unknown source type 'mlp'; available: channel, file, mllp"),
                Arguments.of("unknown data type", VALID.replace("dataType: hl7v2", "dataType: hl8"),
                        "channels/c.yaml:1: dataType: unknown data type 'hl8'; available:"),
                Arguments.of("bad duration", VALID.replace("port: 2575", "port: 2575\n  idleTimeout: ten minutes"),
                        "channels/c.yaml:5: source.idleTimeout: must be a duration such as 500ms, 30s, 5m or 1h, got 'ten minutes'"),
                Arguments.of("bad enum value", VALID.replace("port: 2575", "port: 2575\n  respondAfter: later"),
                        "channels/c.yaml:5: source.respondAfter: must be one of stored, delivered, got 'later'"),
                Arguments.of("unset environment variable", VALID.replace("port: 2575", "port: ${CONDUIT_TEST_UNSET_PORT}"),
                        "channels/c.yaml:4: source.port: environment variable CONDUIT_TEST_UNSET_PORT is not set"),
                Arguments.of("duplicate destination name", VALID + "  - name: out\n    type: file\n    directory: x\n",
                        "channels/c.yaml:9: destinations[1].name: another destination of this channel is already named 'out'"),
                Arguments.of("unknown key in a destination", VALID.replace("directory: out", "directory: out\n    fileNmae: x"),
                        "channels/c.yaml:9: destinations[0].fileNmae: unknown key 'fileNmae'"),
                Arguments.of("inconsistent retry delays", VALID + "    retry: {initialDelay: 10s, maxDelay: 1s}\n",
                        "channels/c.yaml:9: destinations[0].retry.maxDelay: must not be shorter than initialDelay"),
                Arguments.of("lanes without a lane key", VALID + "    lanes: 4\n",
                        "channels/c.yaml:9: destinations[0].lanes: 4 lanes need a laneKey"),
                Arguments.of("a lane key with one lane", VALID + "    laneKey: patientId\n",
                        "channels/c.yaml:9: destinations[0].laneKey: needs lanes of 2 or more"),
                Arguments.of("too many lanes", VALID + "    lanes: 33\n    laneKey: patientId\n",
                        "channels/c.yaml:9: destinations[0].lanes: must be between 1 and 32, got 33"),
                Arguments.of("no destinations", VALID.substring(0, VALID.indexOf("destinations:")),
                        "channels/c.yaml:1: destinations: a channel needs at least one destination"),
                Arguments.of("YAML syntax error", VALID.replace("  port: 2575", "  port: [2575"),
                        "channels/c.yaml:5: invalid YAML"),
                Arguments.of("duplicate key", VALID.replace("  port: 2575", "  port: 2575\n  port: 2576"),
                        "channels/c.yaml:5: source.port: appears twice in the same mapping"),
                Arguments.of("list where a value belongs", VALID.replace("port: 2575", "port: [1, 2]"),
                        "channels/c.yaml:4: source.port: must be a single value, not a list"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void mistake_isReportedWithFileLineAndField(String what, String yaml, String expected) throws Exception {
        EngineHarness h = new EngineHarness(temp);
        h.channel("c", yaml);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> h.config().validate());
        assertThat(e).as(what).isNotNull();
        assertThat(e.getMessage()).as(what).contains(expected);
    }

    @Test
    void validChannel_validates() throws Exception {
        EngineHarness h = new EngineHarness(temp);
        h.channel("c", VALID);
        assertThat(h.config().validate()).containsExactly("c");
    }

    @Test
    void validateCommand_listsEveryBrokenFile_andExitsWithTwo() throws Exception {
        EngineHarness h = new EngineHarness(temp);
        h.channel("a", VALID.replace("port: 2575", "port: x"));
        h.channel("b", VALID.replace("directory: out", "directory: out\n    bogus: 1"));
        Cli.Output validated = Cli.run("validate", h.configDir.toString());
        assertThat(validated.code()).isEqualTo(2);
        assertThat(validated.out())
                .contains("channels/a.yaml:4: source.port:")
                .contains("channels/b.yaml:9: destinations[0].bogus: unknown key 'bogus'");
    }

    @Test
    void serverFileMistake_isReported() throws Exception {
        EngineHarness h = new EngineHarness(temp);
        h.channel("c", VALID);
        Files.writeString(h.configDir.resolve("conduit.yaml"), "dataDirectory: " + temp + "\nstore:\n  type: oracle\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> h.config().validate());
        assertThat(e.getMessage()).contains("conduit.yaml:3: store.type: unknown store type 'oracle'; available: postgresql, sqlite");
    }
}
