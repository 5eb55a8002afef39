package io.conduit.hl7v2.describe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.conduit.hl7v2.Samples;
import io.conduit.hl7v2.describe.Hl7Table.Row;
import io.conduit.hl7v2.parse.Hl7Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Hl7TableTest {

    private static final String[] ADT_A01 = {
            "MSH|^~\\&|SENDER|FAC|RECV|RFAC|20240315083045||ADT^A01^ADT_A01|MSG0001|P|2.5.1",
            "EVN|A01|20240315083000",
            "PID|1||4567890^^^HOSP^MR~123-45-6789^^^USSSA^SS||EVERYWOMAN&VAN^EVE||19620320|F|||||\"\"",
            "OBX|1|NM|29463-7^Body weight^LN||62.5|kg",
            "OBX|2|TX|NOTE||50\\F\\50 \\S\\ caret \\T\\ amp \\R\\ tilde \\E\\ backslash",
            "ZPI|1|VIP",
    };

    private static List<Row> rows(String... segments) throws Exception {
        return Hl7Table.rows(Hl7Message.parse(Samples.message(segments), StandardCharsets.ISO_8859_1));
    }

    private static List<Row> rowsOf(List<Row> rows, String segment, int field) {
        return rows.stream().filter(r -> r.segment().equals(segment) && r.field() == field).toList();
    }

    @Test
    void rows_smallMessage_listsEveryValueInMessageOrder() throws Exception {
        List<Row> rows = rows("MSH|^~\\&|A||||||ADT^A08|7|P|2.5", "PV1|1|I");

        assertThat(rows).containsExactly(
                new Row("MSH", 1, 1, "Field Separator", 1, 0, 0, "|"),
                new Row("MSH", 1, 2, "Encoding Characters", 1, 0, 0, "^~\\&"),
                new Row("MSH", 1, 3, "Sending Application", 1, 0, 0, "A"),
                new Row("MSH", 1, 9, "Message Type", 1, 1, 0, "ADT"),
                new Row("MSH", 1, 9, "Message Type", 1, 2, 0, "A08"),
                new Row("MSH", 1, 10, "Message Control ID", 1, 0, 0, "7"),
                new Row("MSH", 1, 11, "Processing ID", 1, 0, 0, "P"),
                new Row("MSH", 1, 12, "Version ID", 1, 0, 0, "2.5"),
                new Row("PV1", 1, 1, "Set ID - PV1", 1, 0, 0, "1"),
                new Row("PV1", 1, 2, "Patient Class", 1, 0, 0, "I"));
    }

    @Test
    void rows_mshHeader_givesSeparatorAndEncodingCharactersAsSingleRows() throws Exception {
        assertThat(rowsOf(rows(ADT_A01), "MSH", 1)).extracting(Row::value).containsExactly("|");
        assertThat(rowsOf(rows(ADT_A01), "MSH", 2)).extracting(Row::value).containsExactly("^~\\&");
    }

    @Test
    void rows_repeatedField_numbersRepetitionsFromOne() throws Exception {
        assertThat(rowsOf(rows(ADT_A01), "PID", 3))
                .extracting(Row::name, Row::repetition, Row::component, Row::subcomponent, Row::value)
                .containsExactly(
                        tuple("Patient Identifier List", 1, 1, 0, "4567890"),
                        tuple("Patient Identifier List", 1, 4, 0, "HOSP"),
                        tuple("Patient Identifier List", 1, 5, 0, "MR"),
                        tuple("Patient Identifier List", 2, 1, 0, "123-45-6789"),
                        tuple("Patient Identifier List", 2, 4, 0, "USSSA"),
                        tuple("Patient Identifier List", 2, 5, 0, "SS"));
    }

    @Test
    void rows_repetitionWithoutComponentSeparator_isStillComponentOne() throws Exception {
        List<Row> rows = rows("MSH|^~\\&|A||||||ADT^A08|7|P|2.5", "PID|1||4567890^^^HOSP~998877");

        assertThat(rowsOf(rows, "PID", 3)).extracting(Row::repetition, Row::component, Row::value)
                .containsExactly(tuple(1, 1, "4567890"), tuple(1, 4, "HOSP"), tuple(2, 1, "998877"));
    }

    @Test
    void rows_fieldWithoutComponents_hasComponentAndSubcomponentZero() throws Exception {
        assertThat(rowsOf(rows(ADT_A01), "PID", 8))
                .containsExactly(new Row("PID", 1, 8, "Administrative Sex", 1, 0, 0, "F"));
    }

    @Test
    void rows_subcomponents_areNumberedWithinTheirComponentOnly() throws Exception {
        assertThat(rowsOf(rows(ADT_A01), "PID", 5))
                .extracting(Row::component, Row::subcomponent, Row::value)
                .containsExactly(tuple(1, 1, "EVERYWOMAN"), tuple(1, 2, "VAN"), tuple(2, 0, "EVE"));
    }

    @Test
    void rows_escapeSequences_areDecoded() throws Exception {
        assertThat(rowsOf(rows(ADT_A01), "OBX", 5)).extracting(Row::value)
                .containsExactly("62.5", "50|50 ^ caret & amp ~ tilde \\ backslash");
    }

    @Test
    void rows_repeatedSegment_numbersOccurrencesFromOne() throws Exception {
        assertThat(rowsOf(rows(ADT_A01), "OBX", 5)).extracting(Row::segmentIndex, Row::value)
                .containsExactly(tuple(1, "62.5"), tuple(2, "50|50 ^ caret & amp ~ tilde \\ backslash"));
        assertThat(rowsOf(rows(ADT_A01), "PID", 1)).extracting(Row::segmentIndex).containsExactly(1);
    }

    @Test
    void rows_zSegment_hasNoFieldName() throws Exception {
        assertThat(rows(ADT_A01).stream().filter(r -> r.segment().equals("ZPI")))
                .containsExactly(new Row("ZPI", 1, 1, null, 1, 0, 0, "1"), new Row("ZPI", 1, 2, null, 1, 0, 0, "VIP"));
    }

    @Test
    void rows_emptyFieldsAndComponents_giveNoRow() throws Exception {
        List<Row> rows = rows(ADT_A01);

        assertThat(rowsOf(rows, "PID", 2)).isEmpty();
        assertThat(rowsOf(rows, "PID", 4)).isEmpty();
        assertThat(rowsOf(rows, "OBX", 4)).isEmpty();
        assertThat(rowsOf(rows, "MSH", 8)).isEmpty();
        assertThat(rowsOf(rows, "PID", 3)).extracting(Row::component).doesNotContain(2, 3);
    }

    @Test
    void rows_hl7Null_isTheTwoQuoteCharacters() throws Exception {
        assertThat(rowsOf(rows(ADT_A01), "PID", 13)).extracting(Row::name, Row::value)
                .containsExactly(tuple("Phone Number - Home", "\"\""));
    }

    @Test
    void rows_nonDefaultEncodingCharacters_splitAndDecodeWithTheDeclaredOnes() throws Exception {
        List<Row> rows = rows(
                "MSH|$~\\&|SENDER|FAC|||20240315||ADT$A01|MSG2|P|2.5.1",
                "PID|1||77$$$HOSP||O^BRIEN$PAT\\S\\RICK~DOE$JANE");

        assertThat(rowsOf(rows, "MSH", 2)).extracting(Row::value).containsExactly("$~\\&");
        assertThat(rowsOf(rows, "MSH", 9)).extracting(Row::component, Row::value)
                .containsExactly(tuple(1, "ADT"), tuple(2, "A01"));
        assertThat(rowsOf(rows, "PID", 5)).extracting(Row::repetition, Row::component, Row::value)
                .containsExactly(tuple(1, 1, "O^BRIEN"), tuple(1, 2, "PAT$RICK"), tuple(2, 1, "DOE"), tuple(2, 2, "JANE"));
    }

    @Test
    void rows_componentWithoutSubcomponents_isNumberedWhenAnotherRepetitionHasThem() throws Exception {
        List<Row> rows = rows("MSH|^~\\&|A||||||ADT^A08|7|P|2.5", "PID|1||1^^^A&1.2.3&ISO~2^^^B");

        assertThat(rowsOf(rows, "PID", 3)).extracting(Row::repetition, Row::component, Row::subcomponent, Row::value)
                .containsExactly(tuple(1, 1, 0, "1"), tuple(1, 4, 1, "A"), tuple(1, 4, 2, "1.2.3"), tuple(1, 4, 3, "ISO"),
                        tuple(2, 1, 0, "2"), tuple(2, 4, 1, "B"));
    }

    /** Every row, read back through the message's own path API, gives the row's value. */
    @ParameterizedTest
    @ValueSource(strings = {Samples.ADT_A01_V251, Samples.ORU_R01_V23, Samples.ADT_A04_V28_UTF8})
    void rows_sampleMessages_agreeWithMessageGet(String sample) throws Exception {
        Hl7Message message = Hl7Message.parse(Samples.bytes(sample), StandardCharsets.ISO_8859_1);

        List<Row> rows = Hl7Table.rows(message);

        assertThat(rows).hasSizeGreaterThan(20);
        for (Row row : rows) {
            String path = row.segment() + "[" + row.segmentIndex() + "]-" + row.field() + "[" + row.repetition() + "]"
                    + (row.component() > 0 || row.subcomponent() > 0 ? "." + Math.max(row.component(), 1) : "")
                    + (row.subcomponent() > 0 ? "." + row.subcomponent() : "");
            assertThat(message.get(path)).as(path).contains(row.value());
            assertThat(row.value()).isNotEmpty();
        }
    }
}
