package io.conduit.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigNodeTest {

    private static final Map<String, String> ENV = Map.of("MLLP_PORT", "6661", "SECRET", "s3cr3t");

    private static ConfigNode parse(String yaml) throws ConfigException {
        return ConfigNode.parse(yaml, "channels/x.yaml", ENV::get);
    }

    @Test
    void envReference_isReplaced_andDefaultUsedWhenUnset() throws Exception {
        ConfigNode node = parse("port: ${MLLP_PORT}\nhost: ${MLLP_HOST:-localhost}\nurl: \"jdbc:x://${MLLP_HOST:-db}:${MLLP_PORT}/c\"\n");
        assertThat(node.integer("port", 0, 0, 65535)).isEqualTo(6661);
        assertThat(node.string("host")).isEqualTo("localhost");
        assertThat(node.string("url")).isEqualTo("jdbc:x://db:6661/c");
    }

    @Test
    void doubledDollar_writesALiteralReference() throws Exception {
        assertThat(parse("template: \"$${notAVariable}\"").string("template")).isEqualTo("${notAVariable}");
    }

    @Test
    void unsetVariableWithoutDefault_namesTheVariableFileLineAndField() {
        assertThatThrownBy(() -> parse("a: 1\npassword: ${DB_PASSWORD}\n").string("password"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("channels/x.yaml:2: password: environment variable DB_PASSWORD is not set "
                        + "(set it, or give a default with ${DB_PASSWORD:-value})");
    }

    @Test
    void durationsAndSizes_acceptUnits() throws Exception {
        ConfigNode node = parse("a: 500ms\nb: 30s\nc: 5m\nd: 2h\ne: PT1S\nf: 64KB\ng: 10MB\nh: 1024\n");
        assertThat(node.duration("a", Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(node.duration("b", Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
        assertThat(node.duration("c", Duration.ZERO)).isEqualTo(Duration.ofMinutes(5));
        assertThat(node.duration("d", Duration.ZERO)).isEqualTo(Duration.ofHours(2));
        assertThat(node.duration("e", Duration.ZERO)).isEqualTo(Duration.ofSeconds(1));
        assertThat(node.size("f", 0, 0, Long.MAX_VALUE)).isEqualTo(65536);
        assertThat(node.size("g", 0, 0, Long.MAX_VALUE)).isEqualTo(10L * 1024 * 1024);
        assertThat(node.size("h", 0, 0, Long.MAX_VALUE)).isEqualTo(1024);
    }

    @Test
    void unreadKey_isReportedByFinish_withTheClosestAllowedKey() throws Exception {
        ConfigNode node = parse("port: 1\nmaxConection: 5\n");
        node.integer("port", 0, 0, 65535);
        node.integer("maxConnections", 10, 1, 100);
        assertThatThrownBy(node::finish).hasMessage("channels/x.yaml:2: maxConection: unknown key 'maxConection' "
                + "(did you mean 'maxConnections'?); allowed here: port, maxConnections");
    }

    @Test
    void nestedField_isNamedWithItsPath() throws Exception {
        ConfigNode root = parse("destinations:\n  - name: a\n    retry:\n      maxAttempts: zero\n");
        ConfigNode retry = root.objects("destinations").get(0).requiredObject("retry");
        assertThatThrownBy(() -> retry.integer("maxAttempts", 1, 1, 10))
                .hasMessageStartingWith("channels/x.yaml:4: destinations[0].retry.maxAttempts: must be a whole number");
    }

    @Test
    void topLevelList_isRefused() {
        assertThatThrownBy(() -> parse("- a\n- b\n")).hasMessage("channels/x.yaml:1: the file must hold a mapping of keys to values");
    }
}
