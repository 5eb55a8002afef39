package io.conduit.hl7v2.validate;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.model.AbstractSegment;
import ca.uhn.hl7v2.model.GenericMessage;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.parser.DefaultModelClassFactory;
import ca.uhn.hl7v2.parser.ModelClassFactory;
import io.conduit.hl7v2.parse.Hl7Version;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Our compact rule table must say what HAPI's segment definitions say, for each version HAPI ships here. */
class SegmentRulesTest {

    private static final Set<String> CHECKED_TYPES = Set.of("TS", "DTM", "DT", "TM", "NM", "SI");

    static Stream<Arguments> segments() {
        return Stream.of("v25:2.5", "v251:2.5.1", "v281:2.8.1")
                .flatMap(v -> SegmentRules.segments().stream().map(s -> Arguments.of(v.split(":")[0], v.split(":")[1], s)));
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("segments")
    void rules_matchHapiStructures(String hapiPackage, String version, String segment) throws Exception {
        ModelClassFactory factory = new DefaultModelClassFactory();
        Class<?> type = Class.forName("ca.uhn.hl7v2.model." + hapiPackage + ".segment." + segment);
        Group parent = new GenericMessage.V25(factory);
        AbstractSegment hapi = (AbstractSegment) type.getConstructor(Group.class, ModelClassFactory.class).newInstance(parent, factory);

        TreeMap<Integer, String> expected = new TreeMap<>();
        for (int i = 1; i <= hapi.numFields(); i++) {
            String name = hapi.getField(i, 0).getName();
            String checked = CHECKED_TYPES.contains(name) ? (name.equals("DTM") ? "TS" : name) : "-";
            boolean required = hapi.isRequired(i) && !(segment.equals("MSH") && i <= 2);
            if (required || !checked.equals("-")) {
                expected.put(i, (required ? "R" : "") + checked);
            }
        }
        TreeMap<Integer, String> ours = new TreeMap<>();
        for (SegmentRules.FieldRule rule : SegmentRules.forSegment(segment, Hl7Version.parseOrDefault(version))) {
            ours.put(rule.field(), (rule.required() ? "R" : "") + (rule.type() == null ? "-" : rule.type().name()));
        }
        assertThat(ours).isEqualTo(expected);
    }
}
