package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code conduit test}: channel test cases, their verdicts, diffs and exit codes. */
class TestCommandTest {

    private static final String INPUT = Hl7Samples.adtA01("T-1");

    @TempDir
    Path temp;
    private EngineHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new EngineHarness(temp);
        Files.createDirectories(h.configDir.resolve("lookups"));
        Files.writeString(h.configDir.resolve("lookups/sex.csv"), "code,text\nF,female\nM,male\n");
        h.channel("feed", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0}
                filters: [{name: no tests, path: MSH-11, in: [P]}]
                destinations:
                  - name: ehr
                    type: file
                    directory: ehr
                    transformers:
                      - {type: set, path: MSH-5, value: EHR}
                      - {type: map, path: PID-8, table: sex}
                      - {type: upper, path: PID-5.2}
                  - name: billing
                    type: file
                    directory: billing
                    filters: [{path: PV1-2, equals: O}]
                """);
    }

    private Path testCase(String name, String input) throws Exception {
        Path dir = Files.createDirectories(h.configDir.resolve("channels/feed.tests").resolve(name));
        Files.writeString(dir.resolve("input.hl7"), input, StandardCharsets.ISO_8859_1);
        return dir;
    }

    private static String expectedEhr(String message) {
        return message.replace("|CONDUIT|TEST|", "|EHR|TEST|").replace("|F|||2222", "|female|||2222").replace("^EVE^", "^EVE^");
    }

    @Test
    void passingCases_exitZero_andReportEachCase() throws Exception {
        Path sent = testCase("admission", INPUT);
        Files.createDirectories(sent.resolve("expected"));
        Files.writeString(sent.resolve("expected/ehr.hl7"), expectedEhr(INPUT), StandardCharsets.ISO_8859_1);
        Files.writeString(sent.resolve("expect.yaml"), "destinations: {billing: filtered}\n");
        Path filtered = testCase("training-message", INPUT.replace("|P|2.5.1", "|T|2.5.1"));
        Files.writeString(filtered.resolve("expect.yaml"), "source: filtered\n");
        Path rejected = testCase("garbage", "this is not HL7");
        Files.writeString(rejected.resolve("expect.yaml"), "source: rejected\n");

        Cli.Output out = Cli.run("test", h.configDir.toString());

        assertThat(out.out()).contains("PASS  feed / admission", "PASS  feed / garbage", "PASS  feed / training-message",
                "3 case(s): 3 passed, 0 failed");
        assertThat(out.code()).isZero();
    }

    @Test
    void failingCase_printsFieldLevelDifferences_andExitsOne() throws Exception {
        Path dir = testCase("admission", INPUT);
        Files.createDirectories(dir.resolve("expected"));
        String wrong = expectedEhr(INPUT).replace("|female|", "|F|").replace("EVERYWOMAN^EVE", "EVERYWOMAN^EVA");
        Files.writeString(dir.resolve("expected/ehr.hl7"), wrong, StandardCharsets.ISO_8859_1);
        Files.writeString(dir.resolve("expect.yaml"), "destinations: {billing: sent}\n");

        Cli.Output out = Cli.run("test", h.configDir.toString());

        assertThat(out.code()).isEqualTo(1);
        assertThat(out.out()).contains("FAIL  feed / admission")
                .contains("destination ehr: PID-5.2: expected \"EVA\", got \"EVE\"")
                .contains("destination ehr: PID-8: expected \"F\", got \"female\"")
                .contains("destination billing: expected sent, got filtered")
                .contains("1 case(s): 0 passed, 1 failed")
                .doesNotContain("line 3");
    }

    @Test
    void ignoredPaths_andMissingSegments() throws Exception {
        Path dir = testCase("admission", INPUT);
        Files.createDirectories(dir.resolve("expected"));
        String expected = expectedEhr(INPUT).replace("20261124083000||ADT", "20990101000000||ADT");
        Files.writeString(dir.resolve("expected/ehr.hl7"), expected + "ZZZ|1\r", StandardCharsets.ISO_8859_1);
        Files.writeString(dir.resolve("expect.yaml"), "destinations: {billing: filtered}\nignore: [MSH-7]\n");

        Cli.Output out = Cli.run("test", h.configDir.toString());

        assertThat(out.out()).contains("segment 5: expected ZZZ, got no segment").doesNotContain("MSH-7");
        assertThat(out.code()).isEqualTo(1);
    }

    @Test
    void destinationWithoutExpectation_failsNamingWhatToAdd() throws Exception {
        testCase("incomplete", INPUT);
        Cli.Output out = Cli.run("test", h.configDir.toString(), "--channel", "feed");
        assertThat(out.out()).contains("FAIL  feed / incomplete")
                .contains("destination ehr: no expectation (add expected/ehr.* or 'ehr: sent|filtered|errored' under destinations in expect.yaml)");
        assertThat(out.code()).isEqualTo(1);
    }

    @Test
    void erroringStep_isExpectedAsErrored() throws Exception {
        h.channel("feed", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0}
                destinations:
                  - name: ehr
                    type: file
                    directory: ehr
                    transformers: [{type: map, name: strict sex, path: PID-8, values: {M: male}, ifMissing: fail}]
                """);
        Path dir = testCase("unknown-sex", INPUT);
        Files.writeString(dir.resolve("expect.yaml"), "destinations: {ehr: sent}\n");
        Cli.Output out = Cli.run("test", h.configDir.toString());
        assertThat(out.out()).contains("destination ehr: expected sent, got errored")
                .contains("transformers[0] (map 'strict sex')");
        Files.writeString(dir.resolve("expect.yaml"), "destinations: {ehr: errored}\n");
        assertThat(Cli.run("test", h.configDir.toString()).code()).isZero();
    }

    @Test
    void outputConvertedToJson_isComparedMemberByMember() throws Exception {
        h.channel("feed", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0}
                destinations:
                  - name: api
                    type: file
                    directory: api
                    transformers:
                      - type: template
                        dataType: json
                        template: '{"resourceType": "Patient", "id": "", "name": {"family": ""}}'
                        copy: {/id: PID-3.1, /name/family: PID-5.1}
                """);
        Path dir = testCase("to-json", INPUT);
        Files.createDirectories(dir.resolve("expected"));
        Files.writeString(dir.resolve("expected/api.json"), "{\"name\": {\"family\": \"EVERYWOMAN\"}, \"id\": \"PATID1234\", "
                + "\"resourceType\": \"Patient\"}");
        assertThat(Cli.run("test", h.configDir.toString()).code()).isZero();

        Files.writeString(dir.resolve("expected/api.json"), "{\"resourceType\": \"Patient\", \"id\": \"PATID1234\", "
                + "\"name\": {\"family\": \"Everywoman\"}}");
        Cli.Output out = Cli.run("test", h.configDir.toString());
        assertThat(out.out()).contains("destination api: /name/family: expected \"Everywoman\", got \"EVERYWOMAN\"");
        assertThat(out.code()).isEqualTo(1);
    }

    @Test
    void noCases_andUnknownChannel_areReported() throws Exception {
        Cli.Output none = Cli.run("test", h.configDir.toString());
        assertThat(none.out()).contains("no test cases found");
        assertThat(none.code()).isEqualTo(1);
        Cli.Output unknown = Cli.run("test", h.configDir.toString(), "--channel", "nope");
        assertThat(unknown.out()).contains("no channel 'nope'");
        assertThat(unknown.code()).isEqualTo(2);
    }

    @Test
    void labResultsExample_shipsPassingTests() {
        Path example = Path.of("..", "examples", "lab-results").toAbsolutePath().normalize();
        Cli.Output out = Cli.run("test", example.toString());
        assertThat(out.out()).contains("PASS  lab-results / two-orders-one-critical", "PASS  lab-results / adt-is-filtered",
                "PASS  lab-results / unknown-test-code", "3 case(s): 3 passed, 0 failed");
        assertThat(out.code()).isZero();
    }

    @Test
    void quickstartShipsPassingTests() {
        Path quickstart = Path.of("..", "examples", "quickstart").toAbsolutePath().normalize();
        Cli.Output out = Cli.run("test", quickstart.toString());
        assertThat(out.out()).contains("PASS  adt-inbound / a01-admission", "PASS  adt-inbound / orm-is-filtered");
        assertThat(out.code()).isZero();
    }
}
