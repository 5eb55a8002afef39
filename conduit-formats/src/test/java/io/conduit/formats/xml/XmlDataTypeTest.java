package io.conduit.formats.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.DataTypeFactory;
import io.conduit.core.datatype.MessageFormatException;
import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.datatype.ReceiveResult;
import io.conduit.core.message.Metadata;
import io.conduit.formats.common.InputLimits;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XmlDataTypeTest {

    private static XmlDataType create(String yaml) throws ConfigException {
        return (XmlDataType) new XmlDataTypeFactory().create(ConfigNode.parse(yaml, "channels/t.yaml", k -> null));
    }

    private static ParsedMessage parse(String xml) throws MessageFormatException {
        return new XmlDataType(XmlOptions.DEFAULTS).parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageFormatException rejection(ThrowingCallable parse) {
        Throwable thrown = catchThrowable(parse);
        assertThat(thrown).isInstanceOf(MessageFormatException.class);
        MessageFormatException e = (MessageFormatException) thrown;
        assertThat(e.kind()).isEqualTo(MessageFormatException.Kind.REJECTED);
        return e;
    }

    @Test
    void serviceLoader_findsTheXmlFactory() {
        assertThat(ServiceLoader.load(DataTypeFactory.class).stream().map(p -> p.get().type())).contains("xml", "json");
    }

    @Test
    void create_options_areRead_andDefault() throws Exception {
        assertThat(create("").options()).isEqualTo(XmlOptions.DEFAULTS);
        XmlDataType type = create("""
                metadata: {messageType: /order/@type, controlId: /order/@id, patientId: /order/patient/id}
                maxBytes: 64KB
                maxDepth: 10
                """);
        assertThat(type.name()).isEqualTo("xml");
        assertThat(type.options().limits()).isEqualTo(new InputLimits(65536, 10));
        assertThat(type.options().metadata().paths()).containsEntry("patientId", "/order/patient/id");
    }

    @Test
    void create_badMetadataPath_isRefusedAtLoad() {
        assertThatThrownBy(() -> create("metadata: {controlId: order/@id}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("controlId");
        assertThatThrownBy(() -> create("metadata: {controlId: '/order/item[*]/@id'}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("wildcard");
        assertThatThrownBy(() -> create("metdata: {}\n")).isInstanceOf(ConfigException.class).hasMessageContaining("metadata");
    }

    @Test
    void metadata_readFromTheConfiguredPaths() throws Exception {
        XmlDataType type = create("metadata: {messageType: /order/@type, controlId: /order/@id, patientId: /order/patient/id}\n");
        ParsedMessage m = type.parse("<order type=\"ORM\" id=\"o-1\"><patient><id>123</id></patient></order>"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(m.metadata().values()).containsExactly(Map.entry(Metadata.MESSAGE_TYPE, "ORM"),
                Map.entry(Metadata.CONTROL_ID, "o-1"), Map.entry(Metadata.PATIENT_ID, "123"));
        assertThat(m.without("/order/patient").metadata().get(Metadata.PATIENT_ID)).isEmpty();
    }

    @Test
    void parse_notWellFormed_isRejectedWithLineAndColumn_andNoContent() {
        MessageFormatException e = rejection(() -> parse("<order>\n  <ssn>123-45-6789</ssn>\n  <name>Doe</nam>\n</order>"));
        assertThat(e.getMessage()).isEqualTo("the XML is not well-formed");
        assertThat(e.location()).matches("line 3, column \\d+");
        assertThat(e.describe()).doesNotContain("Doe").doesNotContain("nam").doesNotContain("6789");
    }

    @Test
    void parse_emptyOrUndeclaredEntity_isRejected() {
        assertThat(rejection(() -> parse(" \n")).getMessage()).contains("no XML");
        assertThat(rejection(() -> parse("<a>&secret;</a>")).describe()).doesNotContain("secret");
        assertThat(rejection(() -> parse("<a/><b/>")).location()).isNotNull();
    }

    @Test
    void parse_errors_neverPrintToStandardError() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            rejection(() -> parse("<a><secret-name></a>"));
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void parse_externalEntity_isRefused_andTheFileIsNeverRead(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-MARKER");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE order [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n<order>&xxe;</order>";
        MessageFormatException e = rejection(() -> parse(xxe));
        assertThat(e.getMessage()).contains("DOCTYPE is not allowed");
        assertThat(e.location()).startsWith("line 2");
        assertThat(e.describe()).doesNotContain("TOP-SECRET-MARKER");
    }

    @Test
    void parse_externalParameterEntityAndDtd_areRefused(@TempDir Path dir) throws Exception {
        Path dtd = dir.resolve("evil.dtd");
        Files.writeString(dtd, "<!ENTITY leak 'TOP-SECRET-MARKER'>");
        assertThat(rejection(() -> parse("<!DOCTYPE a [<!ENTITY % p SYSTEM \"" + dtd.toUri() + "\"> %p;]><a>&leak;</a>"))
                .getMessage()).contains("DOCTYPE");
        assertThat(rejection(() -> parse("<!DOCTYPE a SYSTEM \"" + dtd.toUri() + "\"><a>&leak;</a>")).getMessage())
                .contains("DOCTYPE");
    }

    @Test
    void parse_billionLaughs_isRefusedAtTheDoctype() {
        StringBuilder doc = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
        doc.append("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
        for (int i = 2; i <= 9; i++) {
            doc.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">\n");
        }
        doc.append("]>\n<lolz>&lol9;</lolz>");
        long start = System.nanoTime();
        MessageFormatException e = rejection(() -> parse(doc.toString()));
        assertThat(e.getMessage()).contains("DOCTYPE");
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }

    @Test
    void parse_xinclude_isNotProcessed(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-MARKER");
        ParsedMessage m = parse("<a xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"" + secret.toUri()
                + "\" parse=\"text\"/></a>");
        assertThat(new String(m.with("/a/@x", "1").bytes(), StandardCharsets.UTF_8)).doesNotContain("TOP-SECRET-MARKER");
        assertThat(m.get("/a")).hasValue("");
    }

    @Test
    void parse_deeperThanMaxDepth_isRejected() throws Exception {
        XmlDataType type = create("maxDepth: 3\n");
        assertThat(type.parse("<a><b><c/></b></a>".getBytes(StandardCharsets.UTF_8)).count("/a/b/c")).isEqualTo(1);
        MessageFormatException e = rejection(() -> type.parse("<a><b><c><d/></c></b></a>".getBytes(StandardCharsets.UTF_8)));
        assertThat(e.getMessage()).contains("maxDepth (3)");
        assertThat(e.location()).matches("line 1, column \\d+");
    }

    @Test
    void parse_hostileNesting_isRejectedAtTheDefaultDepth() {
        String deep = "<a>".repeat(50_000) + "</a>".repeat(50_000);
        assertThat(rejection(() -> parse(deep)).getMessage()).contains("maxDepth (100)");
    }

    @Test
    void parse_largerThanMaxBytes_isRejectedBeforeParsing() throws Exception {
        XmlDataType type = create("maxBytes: 1KB\n");
        MessageFormatException e = rejection(() -> type.parse(("<a>" + "x".repeat(1100) + "</a>").getBytes(StandardCharsets.UTF_8)));
        assertThat(e.getMessage()).contains("maxBytes (1024)");
    }

    @Test
    void parse_wrongBytesForTheEncoding_isRejected() {
        byte[] latin1 = "<a>Zoë</a>".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(rejection(() -> new XmlDataType(XmlOptions.DEFAULTS).parse(latin1)).location()).isNotNull();
    }

    @Test
    void response_isEmpty() throws Exception {
        ParsedMessage m = parse("<a/>");
        assertThat(new XmlDataType(XmlOptions.DEFAULTS).response(m.bytes(), new ReceiveResult.Accepted(null, m, false))).isEmpty();
    }
}
