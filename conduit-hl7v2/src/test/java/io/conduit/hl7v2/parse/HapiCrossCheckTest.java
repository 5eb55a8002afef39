package io.conduit.hl7v2.parse;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.GenericModelClassFactory;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import io.conduit.hl7v2.Samples;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads the same elements with our paths and HAPI's Terser (generic model, so every version
 * parses) and expects the same values, escape sequences decoded.
 */
class HapiCrossCheckTest {

    /** Our path and the Terser path (Terser: 0-based repetitions, segment search with "/."). */
    static Stream<Arguments> samples() {
        String[][] paths = {
                {"MSH-3.1", "/.MSH-3-1"}, {"MSH-4.1", "/.MSH-4-1"}, {"MSH-7.1", "/.MSH-7-1"},
                {"MSH-9.1", "/.MSH-9-1"}, {"MSH-9.2", "/.MSH-9-2"}, {"MSH-10", "/.MSH-10"},
                {"MSH-12.1", "/.MSH-12-1"}, {"PID-3.1", "/.PID-3-1"}, {"PID-3.4", "/.PID-3-4"},
                {"PID-5.1.1", "/.PID-5-1-1"}, {"PID-5.2", "/.PID-5-2"}, {"PID-7.1", "/.PID-7-1"},
                {"PID-11.3", "/.PID-11-3"}, {"PV1-2", "/.PV1-2"}, {"OBX-3.2", "/.OBX-3-2"},
                {"OBX[2]-5", "/.OBX(1)-5"}, {"OBX[2]-3.1", "/.OBX(1)-3-1"}, {"NK1[2]-2.2", "/.NK1(1)-2-2"},
                {"PID-3[2].1", "/.PID-3(1)-1"}, {"PID-5[2].1.1", "/.PID-5(1)-1-1"}, {"ZPI-3", "/.ZPI-3"},
                {"ZPI-4", "/.ZPI-4"}, {"AL1-5", "/.AL1-5"}, {"OBX[4]-5", "/.OBX(3)-5"}, {"NTE-3", "/.NTE-3"},
        };
        return Stream.of(Samples.ADT_A01_V251, Samples.ORU_R01_V23, Samples.ADT_A04_V28_UTF8)
                .flatMap(sample -> Stream.of(paths).map(p -> Arguments.of(sample, p[0], p[1])));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("samples")
    void get_matchesHapiTerser(String sample, String ourPath, String terserPath) throws Exception {
        Hl7Message ours = Hl7Message.parse(Samples.bytes(sample), StandardCharsets.ISO_8859_1);
        String hapiValue = hapi(ours.encodedText(), terserPath);

        assertThat(ours.get(ourPath).orElse(null)).isEqualTo(hapiValue);
    }

    private static String hapi(String text, String terserPath) throws Exception {
        try (HapiContext context = new DefaultHapiContext()) {
            context.setModelClassFactory(new GenericModelClassFactory());
            context.setValidationContext(ValidationContextFactory.noValidation());
            Message message = context.getPipeParser().parse(text);
            String segment = terserPath.substring(2, 5);
            if (!text.startsWith(segment) && !text.contains("\r" + segment)) {
                return null;
            }
            String value;
            try {
                value = new Terser(message).get(terserPath);
            } catch (ca.uhn.hl7v2.HL7Exception e) {
                return null; // HAPI refuses to address a segment repetition that does not exist
            }
            return value == null || value.isEmpty() ? null : value;
        }
    }
}
