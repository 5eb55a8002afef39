package io.conduit.hl7v2.describe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The committed {@code field-names.tsv} against HAPI, and {@link Hl7FieldNames} reading it. Run
 * with {@code -Dregenerate=true} to rewrite the table from HAPI (see {@link FieldNamesGenerator}).
 */
class FieldNamesTableTest {

    @Test
    void committedTable_equalsWhatHapiGives() throws Exception {
        String generated = FieldNamesGenerator.generate();
        String committed;
        if (Boolean.getBoolean("regenerate")) {
            // Maven runs tests in the module directory, where SOURCE_FILE is relative to.
            Files.writeString(FieldNamesGenerator.SOURCE_FILE, generated, StandardCharsets.UTF_8);
            committed = Files.readString(FieldNamesGenerator.SOURCE_FILE, StandardCharsets.UTF_8);
        } else {
            try (InputStream in = Hl7FieldNames.class.getResourceAsStream("field-names.tsv")) {
                assertThat(in).as("field-names.tsv on the class path").isNotNull();
                committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }

        assertThat(committed.lines().toList())
                .as("field-names.tsv differs from HAPI's names: rerun this test with -Dregenerate=true and commit the file")
                .containsExactlyElementsOf(generated.lines().toList());
    }

    @ParameterizedTest(name = "{0}-{1}")
    @CsvSource(delimiter = ';', textBlock = """
            MSH; 1;  Field Separator
            MSH; 2;  Encoding Characters
            MSH; 9;  Message Type
            MSH; 10; Message Control ID
            EVN; 1;  Event Type Code
            PID; 3;  Patient Identifier List
            PID; 5;  Patient Name
            OBX; 5;  Observation Value
            """)
    void name_standardField_givesHapiName(String segment, int field, String expected) {
        assertThat(Hl7FieldNames.name(segment, field)).contains(expected);
    }

    @Test
    void name_fieldWithdrawnIn281_keepsItsName() {
        assertThat(Hl7FieldNames.name("PID", 2)).contains("Patient ID");
    }

    @Test
    void name_segmentEmptyIn281_fallsBackTo251() {
        assertThat(Hl7FieldNames.name("QRD", 1)).contains("Query Date/Time");
        assertThat(Hl7FieldNames.name("SPR", 1)).contains("Query Tag");
    }

    @Test
    void name_zSegmentOrUndefinedField_isEmpty() {
        assertThat(Hl7FieldNames.name("ZPI", 1)).isEmpty();
        assertThat(Hl7FieldNames.name("PID", 0)).isEmpty();
        assertThat(Hl7FieldNames.name("PID", 99)).isEmpty();
        assertThat(Hl7FieldNames.name("pid", 3)).isEmpty();
    }

    @Test
    void parse_gapInFieldNumbers_failsNamingTheLine() {
        String table = "# comment\nAAA\t1\tOne\nAAA\t3\tThree\n";

        assertThatThrownBy(() -> Hl7FieldNames.parse(new BufferedReader(new StringReader(table))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("line 3");
    }
}
