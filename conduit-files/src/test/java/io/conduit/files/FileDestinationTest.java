package io.conduit.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.connector.DeliveryResult;
import io.conduit.core.connector.Destination;
import io.conduit.core.connector.DestinationContext;
import io.conduit.core.connector.OutboundMessage;
import io.conduit.core.message.MessageId;
import io.conduit.core.message.Metadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileDestinationTest {

    private static final MessageId ID = new MessageId(123_456_789L);
    private static final Instant RECEIVED = Instant.parse("2025-03-04T23:30:05Z");
    private static final String HL7 = "MSH|^~\\&|LAB|||||||ORU^R01|CTRL42\nPID|1||98765^^^HOSP";

    @TempDir
    Path dataDir;

    private Path out() {
        return dataDir.resolve("out");
    }

    private DestinationContext context() {
        return new DestinationContext("lab", "archive", new SegmentDataType(), dataDir, InstantSource.system());
    }

    private Destination destination(String extra) throws ConfigException {
        ConfigNode node = ConfigNode.parse("directory: out\n" + extra, "channels/lab.yaml", System::getenv);
        return new FileDestinationFactory().create(node, context());
    }

    private static OutboundMessage message(String content, Metadata metadata, int attempt) {
        return new OutboundMessage(ID, "lab", RECEIVED, content.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8,
                metadata, attempt);
    }

    private static OutboundMessage message(String content) {
        return message(content, Metadata.builder().put(Metadata.CONTROL_ID, "CTRL42").build(), 1);
    }

    private List<String> filesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void send_defaultFileName_writesTheContentUnderTheMessageId() throws Exception {
        DeliveryResult result = destination("").send(message(HL7));

        assertThat(result).isEqualTo(DeliveryResult.sent(null, "wrote " + ID + ".msg (" + HL7.length() + " bytes)"));
        assertThat(out().resolve(ID + ".msg")).hasContent(HL7);
    }

    @Test
    void send_templateWithEveryPlaceholderKind_expandsEachOne() throws Exception {
        Destination destination = destination("""
                fileName: "{channel}/{destination}/{date:yyyy-MM-dd}/{time}_{metadata.controlId}_{MSH-10}_{PID-3.1}_{messageId}.hl7"
                """);

        DeliveryResult result = destination.send(message(HL7));

        String expected = "lab/archive/2025-03-04/233005_CTRL42_CTRL42_98765_" + ID + ".hl7";
        assertThat(result).isInstanceOf(DeliveryResult.Sent.class);
        assertThat(filesUnder(out())).containsExactly(expected);
    }

    @Test
    void send_timeZoneSetting_formatsDatesInThatZone() throws Exception {
        Destination destination = destination("fileName: \"{date:yyyyMMdd'T'HH}.txt\"\ntimeZone: Europe/Berlin\n");

        destination.send(message(HL7));

        assertThat(filesUnder(out())).containsExactly("20250305T00.txt");
    }

    @Test
    void send_literalBracesAndMissingMetadata_resolveToTextAndEmpty() throws Exception {
        Destination destination = destination("fileName: \"{{x}}-{metadata.patientId}{messageId}.msg\"\n");

        destination.send(message(HL7));

        assertThat(filesUnder(out())).containsExactly("{x}-" + ID + ".msg");
    }

    @Test
    void send_maliciousValues_cannotLeaveTheDirectory() throws Exception {
        Destination destination = destination("fileName: \"{PID-3.1}/{metadata.controlId}.hl7\"\n");
        OutboundMessage hostile = message("MSH|x\nPID|1||../../etc/passwd",
                Metadata.builder().put(Metadata.CONTROL_ID, "..\\..\n/x").build(), 1);

        DeliveryResult result = destination.send(hostile);

        assertThat(result).isInstanceOf(DeliveryResult.Sent.class);
        assertThat(filesUnder(dataDir)).containsExactly("out/______etc_passwd/_______x.hl7");
    }

    @Test
    void send_valueMissingWhereAFolderIsNeeded_failsForGood() throws Exception {
        Destination destination = destination("fileName: \"{metadata.sendingFacility}/{messageId}.hl7\"\n");

        DeliveryResult result = destination.send(message(HL7));

        assertThat(result).isInstanceOf(DeliveryResult.Fail.class);
        assertThat(((DeliveryResult.Fail) result).reason()).contains("empty or dot-only part");
    }

    @Test
    void send_templateWithoutDataTypePaths_doesNotParseTheContent() throws Exception {
        DeliveryResult result = destination("").send(message("GARBAGE the data type cannot parse"));

        assertThat(result).isInstanceOf(DeliveryResult.Sent.class);
    }

    @Test
    void send_dataTypePathButUnparseableContent_failsForGood() throws Exception {
        DeliveryResult result = destination("fileName: \"{MSH-10}.hl7\"\n").send(message("GARBAGE"));

        assertThat(result).isInstanceOf(DeliveryResult.Fail.class);
        assertThat(((DeliveryResult.Fail) result).reason()).contains("cannot parse it: not a segment message")
                .doesNotContain("GARBAGE");
    }

    @Test
    void send_severalMessages_leavesNoTemporaryFiles() throws Exception {
        Destination destination = destination("fileName: \"{metadata.controlId}.hl7\"\n");

        for (int i = 0; i < 5; i++) {
            destination.send(message(HL7 + i, Metadata.builder().put(Metadata.CONTROL_ID, "C" + i).build(), 1));
        }

        try (Stream<Path> all = Files.list(out())) {
            assertThat(all.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("C0.hl7", "C1.hl7", "C2.hl7", "C3.hl7", "C4.hl7");
        }
    }

    @Test
    void send_redelivery_overwritesTheSameFile() throws Exception {
        Destination destination = destination("");

        destination.send(message("first attempt", Metadata.EMPTY, 1));
        DeliveryResult second = destination.send(message("second attempt", Metadata.EMPTY, 2));

        assertThat(second).isInstanceOf(DeliveryResult.Sent.class);
        assertThat(filesUnder(out())).containsExactly(ID + ".msg");
        assertThat(out().resolve(ID + ".msg")).hasContent("second attempt");
    }

    @Test
    void send_onExistsErrorAndNameTaken_failsForGoodKeepingTheOldFile() throws Exception {
        Destination destination = destination("onExists: error\n");
        destination.send(message("first", Metadata.EMPTY, 1));

        DeliveryResult second = destination.send(message("second", Metadata.EMPTY, 2));

        assertThat(second).isInstanceOf(DeliveryResult.Fail.class);
        assertThat(((DeliveryResult.Fail) second).reason()).contains(ID + ".msg already exists");
        assertThat(filesUnder(out())).containsExactly(ID + ".msg");
        assertThat(out().resolve(ID + ".msg")).hasContent("first");
    }

    @Test
    void send_onExistsSuffixAndNameTaken_writesUnderTheNextFreeName() throws Exception {
        Destination destination = destination("onExists: suffix\n");
        destination.send(message("first", Metadata.EMPTY, 1));

        DeliveryResult second = destination.send(message("second", Metadata.EMPTY, 2));

        assertThat(second).isEqualTo(DeliveryResult.sent(null, "wrote " + ID + ".1.msg (6 bytes)"));
        assertThat(out().resolve(ID + ".msg")).hasContent("first");
        assertThat(out().resolve(ID + ".1.msg")).hasContent("second");
    }

    @Test
    void send_fileWhereTheDirectoryShouldBe_retriesNamingTheFile() throws Exception {
        Files.writeString(out(), "I am a file, not a directory");

        DeliveryResult result = destination("").send(message(HL7));

        assertThat(result).isInstanceOf(DeliveryResult.Retry.class);
        assertThat(((DeliveryResult.Retry) result).reason()).contains(ID + ".msg").contains(out().toString())
                .doesNotContain("MSH");
    }

    @Test
    void send_missingDirectoryWithoutCreateDirectories_retries() throws Exception {
        DeliveryResult result = destination("createDirectories: false\n").send(message(HL7));

        assertThat(result).isInstanceOf(DeliveryResult.Retry.class);
        assertThat(out()).doesNotExist();
    }

    @Test
    void factory_missingDirectory_failsNamingFileLineAndField() throws Exception {
        ConfigNode channel = ConfigNode.parse("""
                name: lab
                destinations:
                  - name: archive
                    type: file
                    fileName: "{messageId}.hl7"
                """, "channels/x.yaml", System::getenv);
        ConfigNode node = channel.objects("destinations").getFirst();
        node.allow("name", "type"); // read by the channel in real life

        assertThatThrownBy(() -> new FileDestinationFactory().create(node, context()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("channels/x.yaml:3: destinations[0].directory: is required");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            '{date:yyyyMMddQQQQQQ}.hl7'     | placeholder '{date:yyyyMMddQQQQQQ}' has an invalid date-time pattern
            '{time:HH:mm:ss:nnnnnnnnnnnnnnnnnnnnn}' | has an invalid date-time pattern
            '{messageid}.hl7'               | unknown placeholder '{messageid}'
            '{foo:bar}.hl7'                 | unknown placeholder '{foo:bar}'
            '{}.hl7'                        | empty or malformed placeholder
            '{messageId.hl7'                | has a '{' without its '}'
            'a}.hl7'                        | has a '}' without its '{'
            '../{messageId}.hl7'            | must not contain a '..' segment
            '/abs/{messageId}.hl7'          | must be relative to the directory
            'sub\\{messageId}.hl7'          | must not contain '\\'
            '{metadata.}.hl7'               | needs a key
            """)
    void factory_badFileNameTemplate_failsNamingFileLineAndField(String template, String problem) {
        String yaml = "directory: out\nfileName: '" + template.replace("'", "''") + "'\n";

        assertThatThrownBy(() -> new FileDestinationFactory().create(
                ConfigNode.parse(yaml, "channels/x.yaml", System::getenv), context()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("channels/x.yaml:2: fileName: ")
                .hasMessageContaining(problem);
    }

    @Test
    void factory_unknownTimeZone_failsNamingTheField() {
        assertThatThrownBy(() -> destination("timeZone: Mars/Olympus\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("channels/lab.yaml:2: timeZone: 'Mars/Olympus' is not a time zone");
    }

    @Test
    void sanitise_removesEverythingThatCouldChangeTheDirectory() {
        assertThat(Map.of(
                "../../etc/passwd", FileNameTemplate.sanitise("../../etc/passwd"),
                "a\\b", FileNameTemplate.sanitise("a\\b"),
                "tab\there", FileNameTemplate.sanitise("tab\there"),
                "...", FileNameTemplate.sanitise("..."),
                "plain-Name_1.2", FileNameTemplate.sanitise("plain-Name_1.2")))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "../../etc/passwd", "______etc_passwd",
                        "a\\b", "a_b",
                        "tab\there", "tab_here",
                        "...", "__.",
                        "plain-Name_1.2", "plain-Name_1.2"));
    }
}
