package io.conduit.hl7v2.transform;

import static io.conduit.hl7v2.transform.StepHarness.hl7;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.config.ConfigException;
import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.pipeline.NamedCondition;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Declarative filter conditions on HL7 v2 messages. */
class ConditionsTest {

    private static final ParsedMessage ADT = hl7(
            "MSH|^~\\&|ADT|HOSP|EHR|HOSP|20250101120000||ADT^A01|C1|P|2.5.1",
            "PID|1||12345^^^HOSP^MR~987^^^SSA^SS||Doe^John||19800215|F",
            "ZPV|1||\"\"",
            "OBX|1|NM|A||1", "OBX|2|NM|B||2");

    @TempDir
    Path configDir;
    private StepHarness steps;

    @BeforeEach
    void setUp() throws Exception {
        steps = new StepHarness(configDir);
    }

    private boolean holds(String yaml) throws Exception {
        return steps.condition(yaml).test(ADT);
    }

    @Test
    void leafTests() throws Exception {
        assertThat(holds("{path: MSH-9.1, equals: ADT}")).isTrue();
        assertThat(holds("{path: MSH-9.1, equals: ORU}")).isFalse();
        assertThat(holds("{path: MSH-9.2, in: [A01, A04]}")).isTrue();
        assertThat(holds("{path: PID-5.1, matches: \"D.e\"}")).isTrue();
        assertThat(holds("{path: PID-5.1, matches: \"D\"}")).as("matches the whole value").isFalse();
        assertThat(holds("{path: PID-8, exists: true}")).isTrue();
        assertThat(holds("{path: PID-9, exists: false}")).isTrue();
        assertThat(holds("{path: ZPV-2, empty: true}")).isTrue();
        assertThat(holds("{path: ZPV-3, exists: true}")).as("HL7 null \"\" is a value").isTrue();
        assertThat(holds("{metadata: messageType, equals: \"ADT^A01\"}")).isTrue();
        assertThat(holds("{metadata: patientId, equals: \"12345\"}")).isTrue();
    }

    @Test
    void wildcardPaths_holdWhenAnyMatchHolds() throws Exception {
        assertThat(holds("{path: \"OBX[*]-3\", equals: B}")).isTrue();
        assertThat(holds("{path: \"PID-3[*].5\", equals: SS}")).isTrue();
        assertThat(holds("{path: \"OBX[*]-3\", equals: C}")).isFalse();
    }

    @Test
    void allAnyNot() throws Exception {
        assertThat(holds("{all: [{path: MSH-9.1, equals: ADT}, {path: PID-8, equals: F}]}")).isTrue();
        assertThat(holds("{all: [{path: MSH-9.1, equals: ADT}, {path: PID-8, equals: M}]}")).isFalse();
        assertThat(holds("{any: [{path: MSH-9.1, equals: ORU}, {path: PID-8, equals: F}]}")).isTrue();
        assertThat(holds("{not: {path: MSH-9.1, equals: ADT}}")).isFalse();
        assertThat(holds("{not: {any: [{path: MSH-9.1, equals: ORU}, {all: [{path: PID-8, equals: M}]}]}}")).isTrue();
    }

    @Test
    void filters_labelNamesTheRule_forTheFilteredStage() throws Exception {
        List<NamedCondition> filters = steps.filters("""
                - {name: adt only, path: MSH-9.1, equals: ORU}
                - {path: PID-8, in: [F]}
                """);
        assertThat(filters.get(0).passes(ADT)).isFalse();
        assertThat(filters.get(0).label()).isEqualTo("filters[0] 'adt only': MSH-9.1 equals 'ORU'");
        assertThat(filters.get(1).label()).isEqualTo("filters[1]: PID-8 in [F]");
    }

    @Test
    void badConditions_areConfigErrors() {
        assertThatThrownBy(() -> steps.condition("{path: MSH-9, equals: A, in: [B]}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("exactly one test");
        assertThatThrownBy(() -> steps.condition("{path: MSH-9}")).hasMessageContaining("exactly one test");
        assertThatThrownBy(() -> steps.condition("{equals: A}")).hasMessageContaining("'path' or 'metadata'");
        assertThatThrownBy(() -> steps.condition("{path: MSH-9, matches: \"(\"}")).hasMessageContaining("regular expression");
        assertThatThrownBy(() -> steps.condition("{all: []}")).hasMessageContaining("at least one");
        assertThatThrownBy(() -> steps.condition("{path: MSH-9, equals: A, negate: true}")).hasMessageContaining("negate");
    }

    @Test
    void invalidPath_isAConfigError_namingTheRule() throws Exception {
        assertThatThrownBy(() -> steps.filters("- {path: \"not a path\", equals: A}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("filters[0].path").hasMessageContaining("invalid HL7 v2 path");
    }
}
