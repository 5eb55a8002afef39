package io.conduit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.datatype.DataType;
import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.message.Metadata;
import io.conduit.core.pipeline.StepException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The core's declarative steps, built from channel YAML, on JSON messages. */
class StepsOnJsonTest {

    private static final String ORDER = """
            {"resourceType": "Order", "status": "draft",
             "patient": {"id": "123", "family": " doe ", "gender": "F", "birthDate": "19800101", "phone": "(555) 010-0199",
                         "ssn": "000-00-0000"},
             "items": [{"code": "a1", "internal": 1}, {"code": "b2"}, {"code": "c3", "internal": 3}]}""";

    private final Pipelines pipelines = new Pipelines();

    private DataType json() throws Exception {
        return pipelines.dataType("json", "metadata: {messageType: /resourceType, patientId: /patient/id}\n");
    }

    private ParsedMessage run(String yaml) throws Exception {
        return pipelines.run(json(), yaml, ORDER);
    }

    private static String text(ParsedMessage m) {
        return new String(m.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void set_copy_delete() throws Exception {
        ParsedMessage m = run("""
                transformers:
                  - {type: set, path: /status, value: final}
                  - {type: copy, from: /patient/id, to: /subject/reference}
                  - {type: delete, path: /patient/ssn}
                """);
        assertThat(m.get("/status")).hasValue("final");
        assertThat(m.get("/subject/reference")).hasValue("123");
        assertThat(m.get("/patient/ssn")).isEmpty();
    }

    @Test
    void set_and_delete_onEveryMatchOfAWildcard() throws Exception {
        ParsedMessage m = run("""
                transformers:
                  - {type: set, path: '/items/*/status', value: open}
                  - {type: delete, path: '/items/*/internal'}
                """);
        assertThat(m.getAll("/items/*/status")).containsExactly("open", "open", "open");
        assertThat(m.getAll("/items/*/internal")).containsExactly("", "", "");
    }

    @Test
    void replace_upper_lower_trim() throws Exception {
        ParsedMessage m = run("""
                transformers:
                  - {type: replace, path: /patient/phone, pattern: '[^0-9]', with: ''}
                  - {type: trim, path: /patient/family}
                  - {type: upper, path: /patient/family}
                  - {type: upper, path: '/items[*]/code'}
                  - {type: lower, path: /resourceType}
                  - {type: upper, path: /patient/absent}
                """);
        assertThat(m.get("/patient/phone")).hasValue("5550100199");
        assertThat(m.get("/patient/family")).hasValue("DOE");
        assertThat(m.getAll("/items/*/code")).containsExactly("A1", "B2", "C3");
        assertThat(m.get("/resourceType")).hasValue("order");
        assertThat(m.get("/patient/absent")).isEmpty();
    }

    @Test
    void map_withInlineValues_and_formatDate() throws Exception {
        ParsedMessage m = run("""
                transformers:
                  - {type: map, path: /patient/gender, values: {F: female, M: male}}
                  - {type: formatDate, path: /patient/birthDate, from: yyyyMMdd, to: yyyy-MM-dd}
                """);
        assertThat(m.get("/patient/gender")).hasValue("female");
        assertThat(m.get("/patient/birthDate")).hasValue("1980-01-01");
    }

    @Test
    void forEach_withBracketPositions_visitsEveryItemOnce() throws Exception {
        ParsedMessage m = run("""
                transformers:
                  - type: forEach
                    over: /items
                    steps:
                      - {type: upper, path: '/items[{i}]/code'}
                      - {type: copy, from: '/items[{i}]/code', to: '/items[{i}]/display'}
                """);
        assertThat(m.count("/items")).isEqualTo(3);
        assertThat(m.getAll("/items/*/code")).containsExactly("A1", "B2", "C3");
        assertThat(m.getAll("/items/*/display")).containsExactly("A1", "B2", "C3");
    }

    @Test
    void when_and_conditions_readJsonPaths() throws Exception {
        ParsedMessage m = run("""
                transformers:
                  - {type: set, path: /flag, value: female, when: {path: /patient/gender, equals: F}}
                  - {type: set, path: /other, value: x, when: {path: '/items/*/code', equals: zz}}
                """);
        assertThat(m.get("/flag")).hasValue("female");
        assertThat(m.get("/other")).isEmpty();
        assertThat(pipelines.test(json(), "{path: '/items/*/code', in: [b2]}", m)).isTrue();
        assertThat(pipelines.test(json(), "{metadata: messageType, equals: Order}", m)).isTrue();
        assertThat(m.metadata().get(Metadata.PATIENT_ID)).hasValue("123");
    }

    @Test
    void aStepThatCannotWrite_failsItsMessage_namingTheStepNotTheContent() {
        assertThatThrownBy(() -> run("""
                transformers:
                  - {type: set, path: /patient/family/x, value: v}
                """)).isInstanceOf(StepException.class)
                .hasMessageContaining("transformers[0] (set)")
                .hasMessageNotContaining("doe");
    }

    @Test
    void template_convertsHl7v2ToJson() throws Exception {
        DataType hl7 = pipelines.dataType("hl7v2", "");
        String adt = """
                MSH|^~\\&|LAB|HOSP|EHR|HOSP|20240101120000||ORU^R01|MSG001|P|2.5.1
                PID|1||12345^^^HOSP^MR||Doe^Jane||19800101|F
                OBR|1
                OBX|1|NM|GLU||5.5|mmol/L
                OBX|2|NM|NA||140|mmol/L
                """.replace("\n", "\r");
        ParsedMessage m = pipelines.run(hl7, """
                transformers:
                  - type: template
                    dataType: json
                    template: '{"resourceType": "Bundle"}'
                    copy:
                      /patient/id: PID-3.1
                      /patient/family: PID-5.1
                      /patient/given: PID-5.2
                      /patient/birthDate: PID-7
                      /patient/missing: PID-30
                      '/observations[*]/value': 'OBX[*]-5'
                      '/observations[*]/unit': 'OBX[*]-6'
                  - {type: formatDate, path: /patient/birthDate, from: hl7, to: yyyy-MM-dd}
                """, adt);
        assertThat(m.dataType()).isEqualTo("json");
        assertThat(text(m)).isEqualTo("{\"resourceType\":\"Bundle\",\"patient\":{\"id\":\"12345\",\"family\":\"Doe\",\"given\":\"Jane\",\"birthDate\":\"1980-01-01\"},"
                + "\"observations\":[{\"value\":\"5.5\",\"unit\":\"mmol/L\"},{\"value\":\"140\",\"unit\":\"mmol/L\"}]}");
    }

    @Test
    void template_convertsJsonToXml() throws Exception {
        ParsedMessage m = run("""
                transformers:
                  - type: template
                    dataType: xml
                    template: '<order><patient/></order>'
                    copy:
                      /order/@status: /status
                      /order/patient/id: /patient/id
                      '/order/item[*]/code': '/items[*]/code'
                """);
        assertThat(m.dataType()).isEqualTo("xml");
        assertThat(text(m)).isEqualTo("<order status=\"draft\"><patient><id>123</id></patient>"
                + "<item><code>a1</code></item><item><code>b2</code></item><item><code>c3</code></item></order>");
    }
}
