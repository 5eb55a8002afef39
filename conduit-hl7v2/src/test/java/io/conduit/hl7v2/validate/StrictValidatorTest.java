package io.conduit.hl7v2.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.datatype.MessageFormatException;
import io.conduit.hl7v2.Hl7v2DataType;
import io.conduit.hl7v2.Hl7v2Options;
import io.conduit.hl7v2.Samples;
import io.conduit.hl7v2.parse.Hl7Message;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictValidatorTest {

    private static final Hl7v2DataType STRICT = new Hl7v2DataType(Hl7v2Options.DEFAULTS.withValidation(Hl7v2Options.Validation.STRICT));
    private static final Hl7v2DataType LENIENT = new Hl7v2DataType(Hl7v2Options.DEFAULTS);

    private static Hl7Message adt() throws Exception {
        return LENIENT.parse(Samples.bytes(Samples.ADT_A01_V251));
    }

    private static void assertInvalid(byte[] raw, String location, String code) {
        assertThatThrownBy(() -> STRICT.parse(raw)).isInstanceOfSatisfying(MessageFormatException.class, e -> {
            assertThat(e.kind()).isEqualTo(MessageFormatException.Kind.INVALID);
            assertThat(e.location()).isEqualTo(location);
            assertThat(e.code()).isEqualTo(code);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {Samples.ADT_A01_V251, Samples.ORU_R01_V23, Samples.ADT_A04_V28_UTF8})
    void strict_validSamples_pass(String sample) {
        assertThatCode(() -> STRICT.parse(Samples.bytes(sample))).doesNotThrowAnyException();
    }

    @Test
    void strict_badDateInPid7_isDataTypeErrorAtPid7() throws Exception {
        byte[] raw = adt().with("PID-7", "19621340").bytes();
        assertThatCode(() -> LENIENT.parse(raw)).doesNotThrowAnyException();
        assertInvalid(raw, "PID-7", "102");
    }

    @Test
    void strict_missingRequiredField_isRequiredFieldMissing() throws Exception {
        assertInvalid(adt().with("PID-5", "").bytes(), "PID-5", "101");
        assertInvalid(adt().with("PV1-2", "").bytes(), "PV1-2", "101");
        assertInvalid(adt().with("MSH-11", "").bytes(), "MSH-11", "101");
    }

    @Test
    void strict_missingRequiredSegment_isSegmentError() {
        byte[] raw = Samples.message("MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5", "EVN|A01|20240101", "PID|1||42||DOE");
        assertInvalid(raw, "PV1", "100");
    }

    @Test
    void strict_nonNumericObservation_pointsAtTheOccurrence() throws Exception {
        Hl7Message oru = LENIENT.parse(Samples.bytes(Samples.ORU_R01_V23));
        assertInvalid(oru.with("OBX[2]-5", "high").bytes(), "OBX[2]-5", "102");
    }

    @Test
    void strict_badDateInARepetition_namesTheRepetition() {
        byte[] raw = Samples.message("MSH|^~\\&|A|B|C|D|20240101||ADT^A08|1|P|2.5", "EVN|A08|20240101", "PID|1||42||DOE",
                "PV1|1|I", "NK1|1|ROE||||||20240101~2024XX");
        assertInvalid(raw, "NK1-8[2]", "102");
    }

    @Test
    void strict_msh7OptionalBefore25_requiredFrom25() {
        assertThatCode(() -> STRICT.parse(Samples.message("MSH|^~\\&|A|B|C|D|||ACK|1|P|2.4", "MSA|AA|9"))).doesNotThrowAnyException();
        assertInvalid(Samples.message("MSH|^~\\&|A|B|C|D|||ACK|1|P|2.5", "MSA|AA|9"), "MSH-7", "101");
    }

    @Test
    void strict_hl7NullAndTsPrecisionComponent_areAccepted() throws Exception {
        assertThatCode(() -> STRICT.parse(adt().with("PID-7", "\"\"").bytes())).doesNotThrowAnyException();
        assertThatCode(() -> STRICT.parse(adt().with("PID-7", "19620320^D").bytes())).doesNotThrowAnyException();
    }

    @Test
    void strict_severalProblems_reportsTheFirstAndCounts() throws Exception {
        byte[] raw = adt().with("PID-7", "x").with("PID-5", "").bytes();
        assertThatThrownBy(() -> STRICT.parse(raw)).isInstanceOfSatisfying(MessageFormatException.class, e -> {
            assertThat(e.location()).isEqualTo("PID-5");
            assertThat(e.getMessage()).contains("1 more");
        });
    }

    @Test
    void strict_errorText_neverQuotesTheValue() throws Exception {
        byte[] raw = adt().with("PID-7", "SECRET").bytes();
        assertThatThrownBy(() -> STRICT.parse(raw)).hasMessageNotContaining("SECRET");
        assertThat(Hl7Message.parse(raw, StandardCharsets.ISO_8859_1).get("PID-7")).contains("SECRET");
    }
}
