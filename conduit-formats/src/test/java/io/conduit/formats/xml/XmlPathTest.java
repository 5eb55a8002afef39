package io.conduit.formats.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.formats.xml.XmlPath.Step;
import org.junit.jupiter.api.Test;

class XmlPathTest {

    @Test
    void parse_elementSteps_withPositions() {
        XmlPath p = XmlPath.parse("/order/item[2]/code");
        assertThat(p.steps()).containsExactly(new Step("order", XmlPath.FIRST), new Step("item", 2), new Step("code", XmlPath.FIRST));
        assertThat(p.attribute()).isNull();
        assertThat(p.textNode()).isFalse();
        assertThat(p.hasWildcard()).isFalse();
    }

    @Test
    void parse_wildcard_attribute_text() {
        assertThat(XmlPath.parse("/order/item[*]/code").hasWildcard()).isTrue();
        assertThat(XmlPath.parse("/order/item[*]/code").lastWildcard()).isEqualTo(1);
        assertThat(XmlPath.parse("/order/@id").attribute()).isEqualTo("id");
        assertThat(XmlPath.parse("/order/@id").steps()).containsExactly(new Step("order", XmlPath.FIRST));
        assertThat(XmlPath.parse("/order/note/text()").textNode()).isTrue();
        assertThat(XmlPath.parse("/a.b/c-d/_e/é").steps()).hasSize(4);
    }

    @Test
    void step_rendersAsWritten() {
        assertThat(new Step("item", 3)).hasToString("item[3]");
        assertThat(new Step("item", XmlPath.ANY)).hasToString("item[*]");
        assertThat(new Step("item", XmlPath.FIRST)).hasToString("item");
    }

    @Test
    void parse_refusesWhatTheSubsetLacks() {
        assertThatThrownBy(() -> XmlPath.parse("order/id")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("starts with '/'");
        assertThatThrownBy(() -> XmlPath.parse("/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XmlPath.parse("//id")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'//'");
        assertThatThrownBy(() -> XmlPath.parse("/order/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XmlPath.parse("/hl7:doc/hl7:id")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("local names");
        assertThatThrownBy(() -> XmlPath.parse("/order/@id/x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("may only end the path");
        assertThatThrownBy(() -> XmlPath.parse("/@id")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XmlPath.parse("/order/item[0]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from 1");
        assertThatThrownBy(() -> XmlPath.parse("/order/item[last()]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XmlPath.parse("/order/*")).isInstanceOf(IllegalArgumentException.class);
    }
}
