package io.conduit.formats.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.datatype.ParsedMessage;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class XmlMessageTest {

    private static final String ORDER = """
            <?xml version="1.0" encoding="UTF-8"?>
            <order id="o-1" type="ORM">
              <patient><id>123</id><name>Doe, <given>Jane</given></name></patient>
              <item><code>A</code><qty>1</qty></item>
              <item><code>B</code></item>
              <item><code>C</code><qty>3</qty></item>
              <note>first</note>
              <note>second</note>
              <empty/>
            </order>""";

    private static ParsedMessage parse(String xml) throws Exception {
        return new XmlDataType(XmlOptions.DEFAULTS).parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ParsedMessage message) {
        return new String(message.bytes(), message.charset());
    }

    @Test
    void get_elementsAttributesAndText() throws Exception {
        ParsedMessage m = parse(ORDER);
        assertThat(m.get("/order/patient/id")).hasValue("123");
        assertThat(m.get("/order/patient/name")).hasValue("Doe, Jane");
        assertThat(m.get("/order/patient/name/text()")).hasValue("Doe, ");
        assertThat(m.get("/order/@id")).hasValue("o-1");
        assertThat(m.get("/order/item[2]/code")).hasValue("B");
        assertThat(m.get("/order/item/code")).hasValue("A");
        assertThat(m.get("/order/empty")).hasValue("");
        assertThat(m.get("/order/missing")).isEmpty();
        assertThat(m.get("/order/item[9]/code")).isEmpty();
        assertThat(m.get("/order/@missing")).isEmpty();
        assertThat(m.get("/other/id")).isEmpty();
        assertThatThrownBy(() -> m.get("/order/item[*]/code")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void getAll_and_paths_expandPositions() throws Exception {
        ParsedMessage m = parse(ORDER);
        assertThat(m.getAll("/order/item[*]/code")).containsExactly("A", "B", "C");
        assertThat(m.getAll("/order/item[*]/qty")).containsExactly("1", "", "3");
        assertThat(m.paths("/order/item[*]/qty")).containsExactly("/order/item[1]/qty", "/order/item[2]/qty", "/order/item[3]/qty");
        assertThat(m.paths("/order/note[*]/text()")).containsExactly("/order/note[1]/text()", "/order/note[2]/text()");
        assertThat(m.paths("/order[*]/@id")).containsExactly("/order[1]/@id");
        assertThat(m.paths("/order/missing[*]/x")).isEmpty();
        assertThat(m.paths("/order/none")).containsExactly("/order/none");
    }

    @Test
    void count_siblingsOfTheLastStep() throws Exception {
        ParsedMessage m = parse(ORDER);
        assertThat(m.count("/order/item")).isEqualTo(3);
        assertThat(m.count("/order/note")).isEqualTo(2);
        assertThat(m.count("/order/item[2]")).isEqualTo(1);
        assertThat(m.count("/order/item[7]")).isZero();
        assertThat(m.count("/order/missing")).isZero();
        assertThat(m.count("/order")).isEqualTo(1);
        assertThat(m.count("/order/@id")).isEqualTo(1);
        assertThat(m.count("/order/@nope")).isZero();
        assertThatThrownBy(() -> m.count("/order/item[*]/code")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void with_replacesText_andLeavesTheOriginalAlone() throws Exception {
        ParsedMessage m = parse(ORDER);
        ParsedMessage changed = m.with("/order/patient/id", "456");
        assertThat(changed.get("/order/patient/id")).hasValue("456");
        assertThat(m.get("/order/patient/id")).hasValue("123");
        assertThat(text(m)).isEqualTo(ORDER);
        assertThat(text(changed)).contains("<id>456</id>");
    }

    @Test
    void with_createsMissingElementsAndAttributes() throws Exception {
        ParsedMessage m = parse("<order><item><code>A</code></item></order>");
        m = m.with("/order/patient/name/family", "Doe");
        m = m.with("/order/item[2]/code", "B");
        m = m.with("/order/@id", "o-9");
        m = m.with("/order/item[1]/@n", "1");
        assertThat(text(m)).isEqualTo("<order id=\"o-9\"><item n=\"1\"><code>A</code></item><item><code>B</code></item>"
                + "<patient><name><family>Doe</family></name></patient></order>");
    }

    @Test
    void with_positionPastTheNext_orWrongRoot_orWildcard_isRefused() throws Exception {
        ParsedMessage m = parse(ORDER);
        assertThatThrownBy(() -> m.with("/order/item[5]/code", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position 5 of 3");
        assertThatThrownBy(() -> m.with("/invoice/id", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("root element");
        assertThatThrownBy(() -> m.with("/order/item[*]/code", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void with_elementReplacesContent_textReplacesOwnTextOnly() throws Exception {
        ParsedMessage m = parse("<a><b>x<c>y</c>z</b></a>");
        assertThat(text(m.with("/a/b", "new"))).isEqualTo("<a><b>new</b></a>");
        assertThat(text(m.with("/a/b/text()", "new"))).isEqualTo("<a><b>new<c>y</c></b></a>");
        assertThat(text(m.with("/a/b", ""))).isEqualTo("<a><b/></a>");
    }

    @Test
    void with_escapesMarkupInValues() throws Exception {
        ParsedMessage m = parse("<a><b/></a>").with("/a/b", "<x> & \"y\"").with("/a/@q", "\"<&>");
        assertThat(text(m)).isEqualTo("<a q=\"&quot;&lt;&amp;&gt;\"><b>&lt;x&gt; &amp; \"y\"</b></a>");
        assertThat(m.get("/a/b")).hasValue("<x> & \"y\"");
    }

    @Test
    void namespaces_matchOnLocalNames_andNewElementsTakeTheParentsNamespace() throws Exception {
        ParsedMessage m = parse("""
                <ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:sdtc="urn:hl7-org:sdtc"><id root="1.2.3"/>\
                <sdtc:raceCode code="2106-3"/></ClinicalDocument>""");
        assertThat(m.get("/ClinicalDocument/id/@root")).hasValue("1.2.3");
        assertThat(m.get("/ClinicalDocument/raceCode/@code")).hasValue("2106-3");
        assertThat(m.get("/ClinicalDocument/@xmlns")).isEmpty();
        ParsedMessage changed = m.with("/ClinicalDocument/title", "Note").with("/ClinicalDocument/raceCode/x", "1");
        assertThat(text(changed)).isEqualTo("""
                <ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:sdtc="urn:hl7-org:sdtc"><id root="1.2.3"/>\
                <sdtc:raceCode code="2106-3"><sdtc:x>1</sdtc:x></sdtc:raceCode><title>Note</title></ClinicalDocument>""");
        assertThat(changed.get("/ClinicalDocument/title")).hasValue("Note");
    }

    @Test
    void without_lastStepWithoutPosition_removesEverySibling() throws Exception {
        ParsedMessage m = parse(ORDER);
        assertThat(m.without("/order/note").count("/order/note")).isZero();
        assertThat(m.without("/order/note[2]").getAll("/order/note[*]")).containsExactly("first");
        assertThat(m.count("/order/note")).isEqualTo(2);
    }

    @Test
    void without_attributesTextAndWildcards() throws Exception {
        ParsedMessage m = parse(ORDER);
        assertThat(m.without("/order/@id").get("/order/@id")).isEmpty();
        assertThat(m.without("/order/patient/name/text()").get("/order/patient/name")).hasValue("Jane");
        assertThat(m.without("/order/item[*]/qty").getAll("/order/item[*]/qty")).containsExactly("", "", "");
        assertThat(m.without("/order/item[*]").count("/order/item")).isZero();
    }

    @Test
    void without_absent_returnsTheSameMessage_rootIsRefused() throws Exception {
        ParsedMessage m = parse(ORDER);
        assertThat(m.without("/order/missing")).isSameAs(m);
        assertThat(m.without("/order/@missing")).isSameAs(m);
        assertThatThrownBy(() -> m.without("/order")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bytes_keepTheDeclaredSingleByteEncoding_andUseReferencesForTheRest() throws Exception {
        Charset latin1 = StandardCharsets.ISO_8859_1;
        byte[] raw = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<a>Zoë</a>".getBytes(latin1);
        ParsedMessage m = new XmlDataType(XmlOptions.DEFAULTS).parse(raw);
        assertThat(m.charset()).isEqualTo(latin1);
        assertThat(m.bytes()).isEqualTo(raw);
        ParsedMessage changed = m.with("/a/@price", "5 €");
        assertThat(changed.charset()).isEqualTo(latin1);
        assertThat(new String(changed.bytes(), latin1))
                .isEqualTo("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<a price=\"5 &#8364;\">Zoë</a>");
    }

    @Test
    void bytes_utf16_isWrittenBackAsUtf8() throws Exception {
        byte[] raw = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>Zoë</a>".getBytes(StandardCharsets.UTF_16);
        ParsedMessage m = new XmlDataType(XmlOptions.DEFAULTS).parse(raw);
        assertThat(m.get("/a")).hasValue("Zoë");
        assertThat(m.bytes()).isEqualTo(raw);
        ParsedMessage changed = m.with("/a/@x", "1");
        assertThat(changed.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(new String(changed.bytes(), StandardCharsets.UTF_8))
                .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a x=\"1\">Zoë</a>");
    }

    @Test
    void bytes_noDeclarationReceived_noneWritten_commentsAndCdataKept() throws Exception {
        ParsedMessage m = parse("<!-- c --><a><![CDATA[x<y]]><b/></a>").with("/a/b", "1");
        assertThat(text(m)).isEqualTo("<!-- c --><a><![CDATA[x<y]]><b>1</b></a>");
        assertThat(m.get("/a/text()")).hasValue("x<y");
    }

    @Test
    void bytes_standaloneDeclaration_isKept() throws Exception {
        ParsedMessage m = parse("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><a/>").with("/a/b", "1");
        assertThat(text(m)).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<a><b>1</b></a>");
    }

    @Test
    void reads_fromManyThreadsAtOnce_agree() throws Exception {
        ParsedMessage m = parse(ORDER);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(pool.submit(() -> {
                    List<String> seen = new ArrayList<>();
                    for (int k = 0; k < 50; k++) {
                        seen.addAll(m.getAll("/order/item[*]/code"));
                        m.with("/order/item[2]/code", "Z");
                    }
                    return seen.subList(0, 3);
                }));
            }
            for (Future<List<String>> f : results) {
                assertThat(f.get()).containsExactly("A", "B", "C");
            }
        }
    }

    @Test
    void toString_holdsNoContent() throws Exception {
        assertThat(parse(ORDER).toString()).doesNotContain("Doe").contains("XmlMessage");
    }
}
