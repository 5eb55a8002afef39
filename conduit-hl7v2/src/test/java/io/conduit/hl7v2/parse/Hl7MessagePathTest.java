package io.conduit.hl7v2.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.hl7v2.Samples;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Hl7MessagePathTest {

    private static Hl7Message adt() throws Exception {
        return Hl7Message.parse(Samples.bytes(Samples.ADT_A01_V251), StandardCharsets.ISO_8859_1);
    }

    private static Hl7Message parse(String... segments) throws Exception {
        return Hl7Message.parse(Samples.message(segments), StandardCharsets.ISO_8859_1);
    }

    @Test
    void get_fieldComponentSubcomponentAndRepetition() throws Exception {
        Hl7Message m = adt();
        assertThat(m.get("PID-3")).contains("4567890^^^GOODHEALTH^MR^GOODHEALTH~123-45-6789^^^USSSA^SS");
        assertThat(m.get("PID-3.1")).contains("4567890");
        assertThat(m.get("PID-3[2].1")).contains("123-45-6789");
        assertThat(m.get("PID-3[2].5")).contains("SS");
        assertThat(m.get("PID-5[2]")).contains("SMITH^EVE^^^^^M");
        assertThat(m.get("PID-5.1.1")).contains("EVERYWOMAN");
        assertThat(m.get("PID-7")).contains("19620320");
        assertThat(m.get("NK1[2]-2.2")).contains("JANE");
        assertThat(m.get("MSH-9.3")).contains("ADT_A01");
        assertThat(m.get("MSH-4.2")).contains("1.2.840.114350");
    }

    @Test
    void get_msh1AndMsh2_areTheDelimiters() throws Exception {
        Hl7Message m = adt();
        assertThat(m.get("MSH-1")).contains("|");
        assertThat(m.get("MSH-2")).contains("^~\\&");
        assertThat(m.get("MSH-3")).contains("EPICADT");
        assertThat(m.get("MSH-2.2")).isEmpty();
    }

    @Test
    void get_absentParts_areEmpty() throws Exception {
        Hl7Message m = adt();
        assertThat(m.get("PID-2")).isEmpty();
        assertThat(m.get("PID-99")).isEmpty();
        assertThat(m.get("PID-3[3].1")).isEmpty();
        assertThat(m.get("PID-3.9")).isEmpty();
        assertThat(m.get("NK1[3]-2")).isEmpty();
        assertThat(m.get("ZZZ-1")).isEmpty();
    }

    @Test
    void get_hl7Null_isTwoQuotes() throws Exception {
        Hl7Message m = parse("MSH|^~\\&|A|B|C|D|20240101||ADT^A08|1|P|2.5", "PID|1||42||\"\"|");
        assertThat(m.get("PID-5")).contains("\"\"");
        assertThat(m.get("PID-4")).isEmpty();
        assertThat(m.get("PID-6")).isEmpty();
    }

    @Test
    void get_escapeSequences_areDecodedInPlainValues() throws Exception {
        Hl7Message m = adt();
        assertThat(m.get("ZPI-3")).contains("Note with escapes: 50|50 ^ caret \\ backslash");
        assertThat(m.get("ZPI-4")).contains("ROOM~BED");
        assertThat(m.get("AL1-5")).contains("Hives&rash");
    }

    @Test
    void get_hexAndFormattingEscapes() throws Exception {
        Hl7Message m = parse("MSH|^~\\&|A|B|C|D|20240101||ADT^A08|1|P|2.5", "ZZZ|\\X41424344\\|\\H\\bold\\N\\|a\\.br\\b|x\\Fy");
        assertThat(m.get("ZZZ-1")).contains("ABCD");
        assertThat(m.get("ZZZ-2")).contains("\\H\\bold\\N\\");
        assertThat(m.get("ZZZ-3")).contains("a\\.br\\b");
        assertThat(m.get("ZZZ-4")).contains("x\\Fy");
    }

    @Test
    void getAll_wildcards() throws Exception {
        Hl7Message m = adt();
        assertThat(m.getAll("OBX[*]-5")).containsExactly("62.5", "165");
        assertThat(m.getAll("PID-3[*].1")).containsExactly("4567890", "123-45-6789");
        assertThat(m.getAll("NK1[*]-2[*].2")).containsExactly("ADAM", "JANE");
        assertThat(m.getAll("NK1[*]-7")).containsExactly("EC^Emergency Contact^HL70131", "");
        assertThat(m.getAll("PID-3.1")).containsExactly("4567890");
        assertThat(m.getAll("ZZZ[*]-1")).isEmpty();
    }

    @Test
    void get_withWildcard_isRejected() throws Exception {
        Hl7Message m = adt();
        assertThatThrownBy(() -> m.get("OBX[*]-5")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("getAll");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "PID", "PID-", "pid-3", "PID-0", "PID-3.", "PID-3..1", "PID-3[0]", "PID[x]-3", "PID-3.1.2.3", "PIDX-3", "PID-3]"})
    void get_invalidPath_throwsWithTheSyntax(String path) throws Exception {
        Hl7Message m = adt();
        assertThatThrownBy(() -> m.get(path)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PID-5.1");
    }

    @Test
    void with_unmodifiedOriginalStaysUnchanged() throws Exception {
        Hl7Message m = adt();
        Hl7Message changed = m.with("PID-8", "M");
        assertThat(m.get("PID-8")).contains("F");
        assertThat(changed.get("PID-8")).contains("M");
        assertThat(changed.isUnmodified()).isFalse();
        assertThat(changed.with("PID-8", "F").bytes()).isEqualTo(m.bytes());
    }

    @Test
    void with_createsMissingFieldsRepetitionsComponentsAndSegments() throws Exception {
        Hl7Message m = parse("MSH|^~\\&|A|B|C|D|20240101||ADT^A08|1|P|2.5", "PID|1");
        Hl7Message changed = m.with("PID-5[2].3.2", "X").with("ZAB[2]-2", "z").with("PID-3", "42");

        assertThat(new String(changed.bytes(), StandardCharsets.ISO_8859_1)).isEqualTo(
                "MSH|^~\\&|A|B|C|D|20240101||ADT^A08|1|P|2.5\rPID|1||42||~^^&X\rZAB\rZAB||z\r");
        assertThat(changed.get("PID-5[2].3.2")).contains("X");
    }

    @Test
    void with_plainValue_isEscaped_andGetReturnsItBack() throws Exception {
        Hl7Message m = parse("MSH|^~\\&|A|B|C|D|20240101||ADT^A08|1|P|2.5", "PID|1");
        String nasty = "a|b^c~d\\e&f\rg";
        Hl7Message changed = m.with("PID-5.1.1", nasty);

        assertThat(changed.field(1, 5)).isEqualTo("a\\F\\b\\S\\c\\R\\d\\E\\e\\T\\f\\X0D\\g");
        assertThat(changed.get("PID-5.1.1")).contains(nasty);
        assertThat(changed.segmentCount()).isEqualTo(2);
    }

    @Test
    void with_compositeValueAtFieldLevel_keepsStructure() throws Exception {
        Hl7Message m = parse("MSH|^~\\&|A|B|C|D|20240101||ADT^A08|1|P|2.5", "PID|1");
        Hl7Message changed = m.with("PID-5", "DOE^JOHN~ROE^RICHARD");
        assertThat(changed.get("PID-5[2].2")).contains("RICHARD");
        assertThat(changed.with("PID-5", changed.get("PID-5").orElseThrow()).bytes()).isEqualTo(changed.bytes());
    }

    @Test
    void with_componentValueWithComponentSeparator_isEscaped() throws Exception {
        Hl7Message m = parse("MSH|^~\\&|A|B|C|D|20240101||ADT^A08|1|P|2.5", "PID|1||||OLD^NAME");
        Hl7Message changed = m.with("PID-5.1", "A^B");
        assertThat(changed.field(1, 5)).isEqualTo("A\\S\\B^NAME");
    }

    @Test
    void with_headerField_updatesMetadata() throws Exception {
        Hl7Message changed = adt().with("MSH-10", "NEW-ID").with("PID-3[1].1", "777");
        assertThat(changed.metadata().getOrNull("controlId")).isEqualTo("NEW-ID");
        assertThat(changed.metadata().getOrNull("patientId")).isEqualTo("777");
    }

    @Test
    void with_msh18_switchesTheCharset() throws Exception {
        Hl7Message m = adt().with("MSH-18", "UNICODE UTF-8").with("PID-5.1", "ŻÓŁW");
        assertThat(m.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(Hl7Message.parse(m.bytes(), StandardCharsets.ISO_8859_1).get("PID-5.1")).contains("ŻÓŁW");
    }

    @Test
    void with_delimiterFieldsOrWildcards_isRejected() throws Exception {
        Hl7Message m = adt();
        assertThatThrownBy(() -> m.with("MSH-2", "^~\\&")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.with("OBX[*]-5", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.with("MSH[2]-3", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
