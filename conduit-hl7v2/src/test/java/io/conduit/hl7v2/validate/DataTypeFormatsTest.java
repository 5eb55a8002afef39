package io.conduit.hl7v2.validate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataTypeFormatsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2024", "202403", "20240315", "2024031512", "202403151230", "20240315123045",
            "20240315123045.1", "20240315123045.1234", "20240315123045.123-0500", "202403151230+0100", "20240229"})
    void dateTime_valid(String v) {
        assertThat(DataTypeFormats.isDateTime(v)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "24", "2024031", "20241315", "20230229", "20240315250000", "20240315126000",
            "20240315123045.12345", "2024031512.5", "20240315+05", "2024-03-15", "abcd"})
    void dateTime_invalid(String v) {
        assertThat(DataTypeFormats.isDateTime(v)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024", "202412", "20241231"})
    void date_valid(String v) {
        assertThat(DataTypeFormats.isDate(v)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"20241232", "202400", "2024123", "20240431"})
    void date_invalid(String v) {
        assertThat(DataTypeFormats.isDate(v)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"12", "1230", "123045", "123045.12", "1230-0500"})
    void time_valid(String v) {
        assertThat(DataTypeFormats.isTime(v)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"24", "1260", "1", "123045.", "12:30"})
    void time_invalid(String v) {
        assertThat(DataTypeFormats.isTime(v)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-12", "+3.5", ".5", "5.", "0012.50"})
    void number_valid(String v) {
        assertThat(DataTypeFormats.isNumber(v)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", ".", "1e5", "1,5", "1.2.3", "high"})
    void number_invalid(String v) {
        assertThat(DataTypeFormats.isNumber(v)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "0", "9999"})
    void sequenceId_valid(String v) {
        assertThat(DataTypeFormats.isSequenceId(v)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "10000", "1.0"})
    void sequenceId_invalid(String v) {
        assertThat(DataTypeFormats.isSequenceId(v)).isFalse();
    }
}
