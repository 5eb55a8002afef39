package io.conduit.hl7v2.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.datatype.MessageFormatException;
import io.conduit.core.message.Metadata;
import io.conduit.hl7v2.Samples;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Hl7MessageParseTest {

    private static final Charset LATIN1 = StandardCharsets.ISO_8859_1;

    private static Hl7Message parse(byte[] raw) throws MessageFormatException {
        return Hl7Message.parse(raw, LATIN1);
    }

    private static Hl7Message parse(String text) throws MessageFormatException {
        return parse(text.getBytes(LATIN1));
    }

    @Test
    void parse_sampleAdt_extractsMetadata() throws Exception {
        Hl7Message m = parse(Samples.bytes(Samples.ADT_A01_V251));

        Metadata md = m.metadata();
        assertThat(md.getOrNull(Metadata.MESSAGE_TYPE)).isEqualTo("ADT^A01");
        assertThat(md.getOrNull(Metadata.CONTROL_ID)).isEqualTo("MSG00001-2024");
        assertThat(md.getOrNull(Metadata.VERSION)).isEqualTo("2.5.1");
        assertThat(md.getOrNull(Metadata.SENDING_APPLICATION)).isEqualTo("EPICADT");
        assertThat(md.getOrNull(Metadata.SENDING_FACILITY)).isEqualTo("GOODHEALTH");
        assertThat(md.getOrNull(Metadata.RECEIVING_APPLICATION)).isEqualTo("LABADT");
        assertThat(md.getOrNull(Metadata.RECEIVING_FACILITY)).isEqualTo("DHHS");
        assertThat(md.getOrNull(Metadata.MESSAGE_DATE_TIME)).isEqualTo("20240315083045.123-0500");
        assertThat(md.getOrNull(Metadata.PATIENT_ID)).isEqualTo("4567890");
        assertThat(md.getOrNull(Metadata.PATIENT_NAME)).isEqualTo("EVERYWOMAN^EVE");
        assertThat(m.segmentCount()).isEqualTo(14);
        assertThat(m.charset()).isEqualTo(LATIN1);
    }

    @Test
    void metadata_ackWithoutTrigger_isJustAck() throws Exception {
        Hl7Message m = parse("MSH|^~\\&|A|B|C|D|20240101||ACK|1|P|2.3\rMSA|AA|9\r");
        assertThat(m.metadata().getOrNull(Metadata.MESSAGE_TYPE)).isEqualTo("ACK");
        assertThat(m.metadata().get(Metadata.PATIENT_ID)).isEmpty();
    }

    @Test
    void metadata_hdWithoutNamespace_usesUniversalId() throws Exception {
        Hl7Message m = parse("MSH|^~\\&|^1.2.3^ISO|FAC|C|D|20240101||ADT^A08|1|P|2.5\r");
        assertThat(m.metadata().getOrNull(Metadata.SENDING_APPLICATION)).isEqualTo("1.2.3");
    }

    @Test
    void bytes_unmodified_areTheReceivedBytes() throws Exception {
        byte[] raw = Samples.bytes(Samples.ADT_A01_V251);
        Hl7Message m = parse(raw);
        assertThat(m.bytes()).isEqualTo(raw);
        assertThat(m.isUnmodified()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\r", "\n", "\r\n"})
    void parse_anySegmentTerminator_indexesSegments(String terminator) throws Exception {
        String text = String.join(terminator, "MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5", "EVN|A01", "PID|1||42", "") + terminator;
        Hl7Message m = parse(text);

        assertThat(m.segmentCount()).isEqualTo(3);
        assertThat(m.get("PID-3")).contains("42");
        assertThat(m.bytes()).isEqualTo(text.getBytes(LATIN1));
        assertThat(new String(m.with("PID-3", "43").bytes(), LATIN1))
                .isEqualTo("MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5\rEVN|A01\rPID|1||43\r");
    }

    @Test
    void parse_utf8ByteOrderMarkAndWhitespace_areSkipped() throws Exception {
        byte[] body = "MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5\rPID|1||42\r".getBytes(LATIN1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        out.write("\r\n ".getBytes(LATIN1));
        out.write(body);
        byte[] raw = out.toByteArray();

        Hl7Message m = parse(raw);

        assertThat(m.get("PID-3")).contains("42");
        assertThat(m.bytes()).isEqualTo(raw);
        assertThat(m.with("PID-3", "42").bytes()).isEqualTo(body);
    }

    @Test
    void parse_nonDefaultEncodingCharacters_splitsWithThem() throws Exception {
        Hl7Message m = parse("MSH$%*#&$SND$FAC$RCV$RF$20240101$$ADT%A01$7$P$2.4\rPID$1$$11%%%MR*22%%%SS$$DOE%JANE&X$\r");

        assertThat(m.delimiters()).isEqualTo(new Delimiters('$', '%', '*', '#', '&', Delimiters.NONE));
        assertThat(m.get("MSH-1")).contains("$");
        assertThat(m.get("MSH-2")).contains("%*#&");
        assertThat(m.get("PID-3[2].1")).contains("22");
        assertThat(m.get("PID-5.2.2")).contains("X");
        assertThat(m.metadata().getOrNull(Metadata.MESSAGE_TYPE)).isEqualTo("ADT^A01");
        Hl7Message changed = m.with("PID-5.1", "A%B");
        assertThat(changed.field(1, 5)).isEqualTo("A#S#B%JANE&X");
        assertThat(changed.get("PID-5.1")).contains("A%B");
    }

    @Test
    void parse_truncationCharacter_isDecodedAndEncoded() throws Exception {
        Hl7Message m = parse(Samples.bytes(Samples.ADT_A04_V28_UTF8));
        assertThat(m.delimiters().truncation()).isEqualTo('#');
        Hl7Message changed = m.with("PID-3.1", "A#1");
        assertThat(changed.field(2, 3)).startsWith("A\\P\\1^");
        assertThat(changed.get("PID-3.1")).contains("A#1");
    }

    @Test
    void charset_msh18Utf8_decodesUtf8() throws Exception {
        Hl7Message m = parse(Samples.bytes(Samples.ADT_A04_V28_UTF8));

        assertThat(m.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(m.get("PID-5.1")).contains("MÜLLER");
        assertThat(m.metadata().getOrNull(Metadata.PATIENT_NAME)).isEqualTo("MÜLLER^JÖRG");
        assertThat(m.with("PID-5.2", "JÜRGEN").bytes()).containsSequence("JÜRGEN".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void charset_msh18Latin1_decodesLatin1EvenWhenDefaultIsUtf8() throws Exception {
        byte[] raw = "MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5||||||8859/1\rPID|1||42||MÜLLER^JÖRG\r".getBytes(LATIN1);
        Hl7Message m = Hl7Message.parse(raw, StandardCharsets.UTF_8);

        assertThat(m.charset()).isEqualTo(LATIN1);
        assertThat(m.get("PID-5.1")).contains("MÜLLER");
    }

    @Test
    void charset_emptyMsh18_usesConfiguredDefault() throws Exception {
        byte[] raw = "MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5\rPID|1||42||MÜLLER\r".getBytes(StandardCharsets.UTF_8);
        assertThat(Hl7Message.parse(raw, StandardCharsets.UTF_8).get("PID-5")).contains("MÜLLER");
        Hl7Message latin = Hl7Message.parse(raw, LATIN1);
        assertThat(latin.get("PID-5")).contains("MÃ\u009CLLER");
        // ISO-8859-1 is lossless: whatever the bytes were, they survive an edit elsewhere.
        assertThat(latin.with("PID-3", "43").bytes()).containsSequence("MÜLLER".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void charset_utf16Content_isDetected() throws Exception {
        String text = "MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5\rPID|1||42||ŁUKASZ\r";
        Hl7Message m = parse(text.getBytes(StandardCharsets.UTF_16));
        assertThat(m.get("PID-5")).contains("ŁUKASZ");
    }

    @Test
    void hl7Charsets_mapTable0211Names() {
        assertThat(Hl7Charsets.forHl7Name("ASCII")).contains(StandardCharsets.US_ASCII);
        assertThat(Hl7Charsets.forHl7Name("8859/1")).contains(LATIN1);
        assertThat(Hl7Charsets.forHl7Name("8859/9")).contains(Charset.forName("ISO-8859-9"));
        assertThat(Hl7Charsets.forHl7Name("UNICODE UTF-8")).contains(StandardCharsets.UTF_8);
        assertThat(Hl7Charsets.forHl7Name("UNICODE")).contains(StandardCharsets.UTF_8);
        assertThat(Hl7Charsets.forHl7Name("ISO IR87")).contains(Charset.forName("ISO-2022-JP"));
        assertThat(Hl7Charsets.forHl7Name("utf-8")).contains(StandardCharsets.UTF_8);
        assertThat(Hl7Charsets.forHl7Name("KLINGON")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.1", "2.2", "2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.7.1", "2.8", "2.8.1", "2.8.2"})
    void parse_everyVersionFrom21To28_isAccepted(String version) throws Exception {
        Hl7Message m = parse("MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|" + version + "\rZXY|custom|segment\r");
        assertThat(m.version()).isEqualTo(version);
        assertThat(m.get("ZXY-2")).contains("segment");
    }

    @Test
    void parse_garbage_isRejectedAtMsh() {
        assertThatThrownBy(() -> parse("this is not HL7"))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MessageFormatException.Kind.REJECTED);
                    assertThat(e.location()).isEqualTo("MSH");
                    assertThat(e.code()).isEqualTo("100");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"MSH|^~|A|", "MSH|^~\\^|A|B", "MSHA^~\\&|", "MSH|^~\\&#!|A|"})
    void parse_badEncodingCharacters_isRejected(String header) {
        assertThatThrownBy(() -> parse(header + "|B|C|D|2024||ADT^A01|1|P|2.5\r"))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MessageFormatException.Kind.REJECTED);
                    assertThat(e.location()).startsWith("MSH-");
                });
    }

    @ParameterizedTest
    @ValueSource(ints = {9, 10, 12})
    void parse_missingRequiredHeaderField_isInvalidWithLocation(int field) throws Exception {
        Hl7Message complete = parse("MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5\r");
        byte[] broken = complete.with("MSH-" + field, "").bytes();

        assertThatThrownBy(() -> parse(broken))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MessageFormatException.Kind.INVALID);
                    assertThat(e.location()).isEqualTo("MSH-" + field);
                    assertThat(e.code()).isEqualTo("101");
                });
    }

    @Test
    void parse_unknownVersion_isRejectedWith203() {
        assertThatThrownBy(() -> parse("MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|3.0\r"))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MessageFormatException.Kind.REJECTED);
                    assertThat(e.code()).isEqualTo("203");
                    assertThat(e.location()).isEqualTo("MSH-12");
                });
    }

    @Test
    void exceptionText_neverQuotesContent() {
        assertThatThrownBy(() -> parse("MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|SECRETPATIENT\r"))
                .hasMessageNotContaining("SECRETPATIENT");
    }

    @Test
    void toString_identifiesWithoutContent() throws Exception {
        Hl7Message m = parse(Samples.bytes(Samples.ADT_A01_V251));
        assertThat(m.toString()).contains("ADT^A01", "MSG00001-2024").doesNotContain("EVERYWOMAN");
    }
}
