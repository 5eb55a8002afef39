package io.conduit.formats.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.datatype.ParsedMessage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonMessageTest {

    private static final String ORDER = """
            {
              "resourceType": "Order",
              "id": "o-1",
              "patient": {"name": [{"family": "Doe", "given": ["Jane", "Q"]}], "active": true, "age": 42, "weight": 61.50, "note": null},
              "items": [{"code": "A", "qty": 1}, {"code": "B"}, {"code": "C", "qty": 3}],
              "a/b": {"m~n": "escaped"}
            }""";

    private static ParsedMessage parse(String json) throws Exception {
        return new JsonDataType(JsonOptions.DEFAULTS).parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ParsedMessage message) {
        return new String(message.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void get_scalars_inTheirJsonForm() throws Exception {
        ParsedMessage m = parse(ORDER);
        assertThat(m.get("/patient/name/0/family")).hasValue("Doe");
        assertThat(m.get("/patient/active")).hasValue("true");
        assertThat(m.get("/patient/age")).hasValue("42");
        assertThat(m.get("/patient/weight")).hasValue("61.50");
        assertThat(m.get("/patient/note")).isEmpty();
        assertThat(m.get("/patient/missing")).isEmpty();
        assertThat(m.get("/items/7/code")).isEmpty();
        assertThat(m.get("/items/code")).isEmpty();
    }

    @Test
    void get_containers_asCompactJson() throws Exception {
        ParsedMessage m = parse(ORDER);
        assertThat(m.get("/patient/name/0/given")).hasValue("[\"Jane\",\"Q\"]");
        assertThat(m.get("/items/1")).hasValue("{\"code\":\"B\"}");
    }

    @Test
    void get_escapedNames() throws Exception {
        assertThat(parse(ORDER).get("/a~1b/m~0n")).hasValue("escaped");
    }

    @Test
    void get_positions_countFromOne_andASingleValueIsPositionOne() throws Exception {
        ParsedMessage m = parse(ORDER);
        assertThat(m.get("/items[1]/code")).hasValue("A");
        assertThat(m.get("/items[3]/code")).hasValue("C");
        assertThat(m.get("/items[4]/code")).isEmpty();
        assertThat(m.get("/patient[1]/age")).hasValue("42");
        assertThat(m.get("/patient[2]/age")).isEmpty();
    }

    @Test
    void get_wildcard_isRefused() throws Exception {
        assertThatThrownBy(() -> parse(ORDER).get("/items/*/code")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("getAll");
    }

    @Test
    void getAll_starOverArrayAndObject_inDocumentOrder() throws Exception {
        ParsedMessage m = parse(ORDER);
        assertThat(m.getAll("/items/*/code")).containsExactly("A", "B", "C");
        assertThat(m.getAll("/items/*/qty")).containsExactly("1", "", "3");
        assertThat(m.getAll("/patient/name/0/*")).containsExactly("Doe", "[\"Jane\",\"Q\"]");
        assertThat(m.getAll("/nothing/*/code")).isEmpty();
    }

    @Test
    void paths_expandInTheStyleOfTheWildcard() throws Exception {
        ParsedMessage m = parse(ORDER);
        assertThat(m.paths("/items/*/code")).containsExactly("/items/0/code", "/items/1/code", "/items/2/code");
        assertThat(m.paths("/items[*]/code")).containsExactly("/items[1]/code", "/items[2]/code", "/items[3]/code");
        assertThat(m.paths("/items/*")).hasSize(3);
        assertThat(m.paths("/a~1b/*")).containsExactly("/a~1b/m~0n");
        assertThat(m.paths("/patient/name/*/given/*")).containsExactly("/patient/name/0/given/0", "/patient/name/0/given/1");
        assertThat(m.paths("/patient[*]/age")).containsExactly("/patient[1]/age");
        assertThat(m.paths("/no/such")).containsExactly("/no/such");
    }

    @Test
    void count_arraySize_oneForOtherValues_zeroWhenAbsent() throws Exception {
        ParsedMessage m = parse(ORDER);
        assertThat(m.count("/items")).isEqualTo(3);
        assertThat(m.count("/patient/name/0/given")).isEqualTo(2);
        assertThat(m.count("/patient")).isEqualTo(1);
        assertThat(m.count("/patient/note")).isZero();
        assertThat(m.count("/missing")).isZero();
        assertThatThrownBy(() -> m.count("/items/*")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void with_replacesAValue_asAString_andLeavesTheOriginalAlone() throws Exception {
        ParsedMessage m = parse(ORDER);
        ParsedMessage changed = m.with("/patient/age", "43");
        assertThat(changed.get("/patient/age")).hasValue("43");
        assertThat(text(changed)).contains("\"age\":\"43\"");
        assertThat(m.get("/patient/age")).hasValue("42");
        assertThat(text(m)).isEqualTo(ORDER);
    }

    @Test
    void with_createsMissingObjectsAndArrays() throws Exception {
        ParsedMessage m = parse("{}");
        m = m.with("/patient/id", "123");
        m = m.with("/patient/identifier/0/value", "MRN1");
        m = m.with("/patient/identifier/-/value", "MRN2");
        m = m.with("/visits[1]/room", "12");
        assertThat(text(m)).isEqualTo("{\"patient\":{\"id\":\"123\",\"identifier\":[{\"value\":\"MRN1\"},{\"value\":\"MRN2\"}]},"
                + "\"visits\":[{\"room\":\"12\"}]}");
    }

    @Test
    void with_appendsAtTheSizeOrDash_andRefusesBeyond() throws Exception {
        ParsedMessage m = parse("{\"tags\":[\"a\"]}");
        assertThat(text(m.with("/tags/1", "b"))).isEqualTo("{\"tags\":[\"a\",\"b\"]}");
        assertThat(text(m.with("/tags/-", "b"))).isEqualTo("{\"tags\":[\"a\",\"b\"]}");
        assertThat(text(m.with("/tags[2]", "b"))).isEqualTo("{\"tags\":[\"a\",\"b\"]}");
        assertThat(text(m.with("/tags[1]", "z"))).isEqualTo("{\"tags\":[\"z\"]}");
        assertThatThrownBy(() -> m.with("/tags/3", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("past the end");
        assertThatThrownBy(() -> m.with("/tags[3]", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void with_escapedNames_writeTheUnescapedMember() throws Exception {
        assertThat(text(parse("{}").with("/a~1b/c~0d", "v"))).isEqualTo("{\"a/b\":{\"c~d\":\"v\"}}");
    }

    @Test
    void with_intoAScalar_orTheRoot_orAWildcard_isRefused() throws Exception {
        ParsedMessage m = parse(ORDER);
        assertThatThrownBy(() -> m.with("/id/x", "v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("string");
        assertThatThrownBy(() -> m.with("", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.with("/items/*/code", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.with("/items/code", "v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("array");
    }

    @Test
    void with_overNull_createsTheContainer() throws Exception {
        assertThat(text(parse("{\"p\":null}").with("/p/x", "1"))).isEqualTo("{\"p\":{\"x\":\"1\"}}");
    }

    @Test
    void with_sharesUntouchedSubtrees_andCopiesThePath() throws Exception {
        JsonMessage m = (JsonMessage) parse(ORDER);
        JsonMessage changed = m.with("/items/0/code", "Z");
        assertThat(changed.get("/items/1")).isEqualTo(m.get("/items/1"));
        assertThat(m.get("/items/0/code")).hasValue("A");
        assertThat(changed.isUnmodified()).isFalse();
        assertThat(m.isUnmodified()).isTrue();
    }

    @Test
    void without_removesMembersAndItems() throws Exception {
        ParsedMessage m = parse(ORDER);
        assertThat(m.without("/patient/name").get("/patient/name")).isEmpty();
        ParsedMessage noSecond = m.without("/items/1");
        assertThat(noSecond.getAll("/items/*/code")).containsExactly("A", "C");
        assertThat(m.without("/items[3]").getAll("/items/*/code")).containsExactly("A", "B");
        assertThat(m.getAll("/items/*/code")).containsExactly("A", "B", "C");
    }

    @Test
    void without_wildcard_removesEveryMatch() throws Exception {
        ParsedMessage m = parse(ORDER);
        assertThat(m.without("/items/*/qty").getAll("/items/*/qty")).containsExactly("", "", "");
        assertThat(m.without("/items/*").count("/items")).isZero();
        assertThat(m.without("/items[*]").count("/items")).isZero();
    }

    @Test
    void without_absent_returnsTheSameMessage() throws Exception {
        ParsedMessage m = parse(ORDER);
        assertThat(m.without("/nothing/here")).isSameAs(m);
        assertThat(m.without("/items/9")).isSameAs(m);
        assertThat(m.without("/items/9/code")).isSameAs(m);
    }

    @Test
    void without_singleValueAtPositionOne_removesTheMember() throws Exception {
        assertThat(text(parse("{\"a\":1,\"b\":2}").without("/a[1]"))).isEqualTo("{\"b\":2}");
    }

    @Test
    void without_root_isRefused() throws Exception {
        assertThatThrownBy(() -> parse(ORDER).without("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bytes_unmodified_areTheReceivedBytes_modified_areCompactUtf8() throws Exception {
        String spaced = "{ \"name\" : \"Zoë\" ,\n \"n\": 1.0 }";
        ParsedMessage m = parse(spaced);
        assertThat(text(m)).isEqualTo(spaced);
        ParsedMessage changed = m.with("/x", "€");
        assertThat(changed.bytes()).isEqualTo("{\"name\":\"Zoë\",\"n\":1.0,\"x\":\"€\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(changed.charset()).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void bytes_areACopy() throws Exception {
        ParsedMessage m = parse("{}");
        m.bytes()[0] = 'x';
        assertThat(text(m)).isEqualTo("{}");
    }

    @Test
    void toString_holdsNoContent() throws Exception {
        assertThat(parse(ORDER).toString()).doesNotContain("Doe").contains("JsonMessage");
    }
}
