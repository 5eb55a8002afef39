package io.conduit.formats;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.core.datatype.DataType;
import io.conduit.core.datatype.ParsedMessage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The core's declarative steps, built from channel YAML, on XML messages. */
class StepsOnXmlTest {

    private static final String ORDER = """
            <order id="o-1" status="draft" xmlns="urn:example:orders">
              <patient><id>123</id><family> doe </family><gender>F</gender><birthDate>19800101</birthDate><ssn>000</ssn></patient>
              <item><code>a1</code><internal>1</internal></item>
              <item><code>b2</code></item>
              <item><code>c3</code><internal>3</internal></item>
            </order>""";

    private final Pipelines pipelines = new Pipelines();

    private ParsedMessage run(String yaml) throws Exception {
        DataType xml = pipelines.dataType("xml", "metadata: {controlId: /order/@id}\n");
        return pipelines.run(xml, yaml, ORDER);
    }

    @Test
    void set_copy_delete() throws Exception {
        ParsedMessage m = run("""
                transformers:
                  - {type: set, path: /order/@status, value: final}
                  - {type: copy, from: /order/patient/id, to: /order/subject/reference}
                  - {type: delete, path: /order/patient/ssn}
                  - {type: set, path: '/order/item[*]/@line', value: 'yes'}
                  - {type: delete, path: '/order/item[*]/internal'}
                """);
        assertThat(m.get("/order/@status")).hasValue("final");
        assertThat(m.get("/order/subject/reference")).hasValue("123");
        assertThat(m.get("/order/patient/ssn")).isEmpty();
        assertThat(m.getAll("/order/item[*]/@line")).containsExactly("yes", "yes", "yes");
        assertThat(m.getAll("/order/item[*]/internal")).containsExactly("", "", "");
        assertThat(new String(m.bytes(), StandardCharsets.UTF_8)).contains("<subject><reference>123</reference></subject>");
        assertThat(m.metadata().values()).containsEntry("controlId", "o-1");
    }

    @Test
    void trim_upper_map_formatDate() throws Exception {
        ParsedMessage m = run("""
                transformers:
                  - {type: trim, path: /order/patient/family}
                  - {type: upper, path: /order/patient/family}
                  - {type: map, path: /order/patient/gender, values: {F: female, M: male}}
                  - {type: formatDate, path: /order/patient/birthDate, from: yyyyMMdd, to: yyyy-MM-dd}
                  - {type: replace, path: '/order/item[*]/code', pattern: '[0-9]', with: '#'}
                """);
        assertThat(m.get("/order/patient/family")).hasValue("DOE");
        assertThat(m.get("/order/patient/gender")).hasValue("female");
        assertThat(m.get("/order/patient/birthDate")).hasValue("1980-01-01");
        assertThat(m.getAll("/order/item[*]/code")).containsExactly("a#", "b#", "c#");
    }

    @Test
    void forEach_overSiblingElements() throws Exception {
        ParsedMessage m = run("""
                transformers:
                  - type: forEach
                    over: /order/item
                    steps:
                      - {type: upper, path: '/order/item[{i}]/code'}
                      - {type: copy, from: '/order/item[{i}]/code', to: '/order/item[{i}]/@code'}
                """);
        assertThat(m.count("/order/item")).isEqualTo(3);
        assertThat(m.getAll("/order/item[*]/@code")).containsExactly("A1", "B2", "C3");
    }

    @Test
    void conditions_readXmlPaths() throws Exception {
        ParsedMessage m = run("""
                transformers:
                  - {type: set, path: /order/@flag, value: 'on', when: {path: '/order/item[*]/code', equals: b2}}
                """);
        assertThat(m.get("/order/@flag")).hasValue("on");
    }
}
