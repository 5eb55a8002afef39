package io.conduit.formats.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.DataType;
import io.conduit.core.datatype.DataTypeFactory;
import io.conduit.core.datatype.MessageFormatException;
import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.datatype.ReceiveResult;
import io.conduit.core.message.Metadata;
import io.conduit.formats.common.InputLimits;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class JsonDataTypeTest {

    private static JsonDataType create(String yaml) throws ConfigException {
        return (JsonDataType) new JsonDataTypeFactory().create(ConfigNode.parse(yaml, "channels/t.yaml", k -> null));
    }

    private static ParsedMessage parse(String json) throws MessageFormatException {
        return new JsonDataType(JsonOptions.DEFAULTS).parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageFormatException rejection(ThrowingCallable parse) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(parse);
        assertThat(thrown).isInstanceOf(MessageFormatException.class);
        MessageFormatException e = (MessageFormatException) thrown;
        assertThat(e.kind()).isEqualTo(MessageFormatException.Kind.REJECTED);
        return e;
    }

    @Test
    void serviceLoader_findsTheJsonFactory() {
        assertThat(ServiceLoader.load(DataTypeFactory.class).stream().map(p -> p.get().type())).contains("json");
    }

    @Test
    void create_noOptions_usesDefaults() throws Exception {
        JsonDataType type = create("");
        assertThat(type.name()).isEqualTo("json");
        assertThat(type.options()).isEqualTo(JsonOptions.DEFAULTS);
    }

    @Test
    void create_allOptions_areRead() throws Exception {
        JsonDataType type = create("""
                metadata: {messageType: /resourceType, controlId: /id, patientId: /subject/reference}
                maxBytes: 1MB
                maxDepth: 20
                """);
        assertThat(type.options().limits()).isEqualTo(new InputLimits(1024 * 1024, 20));
        assertThat(type.options().metadata().paths()).containsExactly(
                java.util.Map.entry("messageType", "/resourceType"), java.util.Map.entry("controlId", "/id"),
                java.util.Map.entry("patientId", "/subject/reference"));
    }

    @Test
    void create_badMetadataPath_namesTheKeyAndTheRule() {
        assertThatThrownBy(() -> create("metadata: {messageType: resourceType}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("messageType").hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> create("metadata: {patientId: /ids/*/value}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("wildcard");
        assertThatThrownBy(() -> create("metadata: {'not a key': /id}\n")).isInstanceOf(ConfigException.class);
    }

    @Test
    void create_unknownKeyOrBadLimit_isRefused() {
        assertThatThrownBy(() -> create("maxDepht: 3\n")).isInstanceOf(ConfigException.class).hasMessageContaining("maxDepth");
        assertThatThrownBy(() -> create("maxDepth: 0\n")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> create("maxDepth: 5000\n")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> create("maxBytes: lots\n")).isInstanceOf(ConfigException.class);
    }

    @Test
    void metadata_readFromTheConfiguredPaths_andFollowsEdits() throws Exception {
        JsonDataType type = create("metadata: {messageType: /resourceType, controlId: /id, patientId: /subject/reference, "
                + "custom: /meta/source}\n");
        ParsedMessage m = type.parse("""
                {"resourceType": "Observation", "id": "obs-7", "subject": {"reference": "Patient/42"}, "meta": {}}
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(m.metadata().values()).containsEntry(Metadata.MESSAGE_TYPE, "Observation")
                .containsEntry(Metadata.CONTROL_ID, "obs-7").containsEntry(Metadata.PATIENT_ID, "Patient/42")
                .doesNotContainKey("custom");
        assertThat(m.with("/id", "obs-8").metadata().get(Metadata.CONTROL_ID)).hasValue("obs-8");
    }

    @Test
    void metadata_noneConfigured_isEmpty() throws Exception {
        assertThat(parse("{\"id\": 1}").metadata()).isEqualTo(Metadata.EMPTY);
    }

    @Test
    void parse_anyJsonValue_atTheRoot() throws Exception {
        assertThat(parse("[1, 2]").count("")).isEqualTo(2);
        assertThat(parse("\"text\"").get("")).hasValue("text");
        assertThat(parse("\uFEFF{\"a\": 1}").get("/a")).hasValue("1");
    }

    @Test
    void parse_malformed_isRejectedWithLineAndColumn_andNoContent() {
        MessageFormatException e = rejection(() -> parse("{\n  \"name\": \"Doe\",\n  \"mrn\": secret123\n}"));
        assertThat(e.location()).isEqualTo("line 3, column 10");
        assertThat(e.describe()).doesNotContain("secret123").doesNotContain("Doe");
    }

    @Test
    void parse_truncated_saysSo() {
        MessageFormatException e = rejection(() -> parse("{\"name\": \"Do"));
        assertThat(e.getMessage()).contains("ends before");
        assertThat(e.location()).startsWith("line 1");
    }

    @Test
    void parse_emptyOrTrailingContent_isRejected() {
        assertThat(rejection(() -> parse("  ")).getMessage()).contains("no JSON value");
        assertThat(rejection(() -> parse("{} {}")).getMessage()).contains("after the end");
        assertThat(rejection(() -> parse("{\"a\":1} x")).getMessage()).doesNotContain("x");
    }

    @Test
    void parse_duplicateMember_isRejected_withoutNamingIt() {
        MessageFormatException e = rejection(() -> parse("{\"ssn\": \"1\",\n \"ssn\": \"2\"}"));
        assertThat(e.getMessage()).contains("same member name twice").doesNotContain("ssn");
        assertThat(e.location()).isEqualTo("line 2, column 2");
    }

    @Test
    void parse_invalidUtf8_orUtf16_isRejected() {
        assertThat(rejection(() -> new JsonDataType(JsonOptions.DEFAULTS).parse(new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"'}))
                .getMessage()).contains("UTF-8");
        assertThat(rejection(() -> new JsonDataType(JsonOptions.DEFAULTS).parse("{\"a\":1}".getBytes(StandardCharsets.UTF_16LE)))
                .getMessage()).contains("UTF-16");
        assertThat(rejection(() -> new JsonDataType(JsonOptions.DEFAULTS).parse("{\"a\":1}".getBytes(StandardCharsets.UTF_16)))
                .getMessage()).contains("UTF-8");
    }

    @Test
    void parse_deeperThanMaxDepth_isRejected() throws Exception {
        JsonDataType type = create("maxDepth: 3\n");
        assertThat(type.parse("{\"a\":{\"b\":[1]}}".getBytes(StandardCharsets.UTF_8)).get("/a/b/0")).hasValue("1");
        MessageFormatException e = rejection(() -> type.parse("{\"a\":{\"b\":[[1]]}}".getBytes(StandardCharsets.UTF_8)));
        assertThat(e.getMessage()).contains("maxDepth (3)");
        assertThat(e.location()).isEqualTo("line 1, column 12");
    }

    @Test
    void parse_hostileNesting_isRejectedWithoutStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThat(rejection(() -> parse(deep)).getMessage()).contains("maxDepth (100)");
    }

    @Test
    void parse_largerThanMaxBytes_isRejectedBeforeParsing() throws Exception {
        JsonDataType type = create("maxBytes: 1KB\n");
        String big = "{\"a\":\"" + "x".repeat(1100) + "\"}";
        MessageFormatException e = rejection(() -> type.parse(big.getBytes(StandardCharsets.UTF_8)));
        assertThat(e.getMessage()).contains("maxBytes (1024)").doesNotContain("xxx");
    }

    @Test
    void parse_keepsNumbersAsWritten() throws Exception {
        ParsedMessage m = parse("{\"a\": 1.10, \"b\": 12345678901234567890123, \"c\": -0.5}");
        assertThat(m.get("/a")).hasValue("1.10");
        assertThat(m.get("/b")).hasValue("12345678901234567890123");
        assertThat(new String(m.with("/d", "x").bytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":1.10,\"b\":12345678901234567890123,\"c\":-0.5,\"d\":\"x\"}");
    }

    @Test
    void parse_copiesTheInput() throws Exception {
        byte[] raw = "{\"a\":\"b\"}".getBytes(StandardCharsets.UTF_8);
        ParsedMessage m = new JsonDataType(JsonOptions.DEFAULTS).parse(raw);
        raw[6] = 'z';
        assertThat(new String(m.bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"b\"}");
    }

    @Test
    void response_isEmpty_jsonHasNoProtocolAnswer() throws Exception {
        DataType type = new JsonDataType(JsonOptions.DEFAULTS);
        ParsedMessage m = parse("{}");
        assertThat(type.response(m.bytes(), new ReceiveResult.Accepted(null, m, false))).isEmpty();
    }

    @Test
    void differences_namePointers_ignoreMemberOrder_andFallBackToTextForNonJson() {
        JsonDataType type = new JsonDataType(JsonOptions.DEFAULTS);
        byte[] expected = "{\"id\":\"1\",\"name\":{\"family\":\"Doe\"},\"codes\":[\"a\",\"b\"],\"a/b\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] reordered = "{\"a/b\":1,\"codes\":[\"a\",\"b\"],\"name\":{\"family\":\"Doe\"},\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8);
        byte[] changed = "{\"id\":\"1\",\"name\":{\"family\":\"DOE\"},\"codes\":[\"a\"],\"a/b\":2,\"extra\":true}".getBytes(StandardCharsets.UTF_8);
        assertThat(type.differences(expected, reordered)).isEmpty();
        assertThat(type.differences(expected, changed)).containsExactly(
                "/name/family: expected \"Doe\", got \"DOE\"",
                "/codes: expected 2 item(s), got 1",
                "/a~1b: expected 1, got 2",
                "/extra: not expected, got true");
        assertThat(type.differences(expected, "not json".getBytes(StandardCharsets.UTF_8))).singleElement()
                .asString().startsWith("line 1:");
    }
}
