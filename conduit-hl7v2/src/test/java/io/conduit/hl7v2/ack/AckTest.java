package io.conduit.hl7v2.ack;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.util.Terser;
import io.conduit.core.datatype.MessageFormatException;
import io.conduit.core.datatype.ReceiveResult;
import io.conduit.core.datatype.ResponseStatus;
import io.conduit.core.message.MessageId;
import io.conduit.hl7v2.Hl7v2DataType;
import io.conduit.hl7v2.Hl7v2Options;
import io.conduit.hl7v2.Samples;
import io.conduit.hl7v2.parse.Hl7Message;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AckTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-15T12:00:00Z"), ZoneOffset.UTC);
    private static final MessageId ID = new MessageId(42);

    private static Hl7v2DataType dataType(Hl7v2Options options) {
        return new Hl7v2DataType(options, CLOCK);
    }

    private static List<String> segments(byte[] ack) {
        String text = new String(ack, StandardCharsets.ISO_8859_1);
        assertThat(text).endsWith("\r");
        return Arrays.asList(text.split("\r"));
    }

    private static ReceiveResult accepted(Hl7v2DataType type, byte[] raw) throws MessageFormatException {
        return new ReceiveResult.Accepted(ID, type.parse(raw), false);
    }

    private static ReceiveResult rejected(MessageFormatException.Kind kind, String location, String code, String text) {
        return new ReceiveResult.Rejected(ID, new MessageFormatException(kind, text, location, code));
    }

    @Test
    void accepted_originalModeV23_isAaWithSwappedHeader() throws Exception {
        Hl7v2DataType type = dataType(Hl7v2Options.DEFAULTS);
        byte[] raw = Samples.bytes(Samples.ORU_R01_V23);

        List<String> ack = segments(type.response(raw, accepted(type, raw)).orElseThrow());

        assertThat(ack).hasSize(2);
        assertThat(ack.get(0)).matches("MSH\\|\\^~\\\\&\\|EHR\\|CITYHOSP\\|LABSYS\\|CITYLAB\\|20240315120000\\.000\\+0000\\|\\|ACK\\^R01\\|[0-9A-Z]{13}\\|P\\|2\\.3");
        assertThat(ack.get(1)).isEqualTo("MSA|AA|LAB-778812");
    }

    @Test
    void accepted_autoModeWithMsh15_isCaAndCopiesMsh18() throws Exception {
        Hl7v2DataType type = dataType(Hl7v2Options.DEFAULTS);
        byte[] raw = Samples.bytes(Samples.ADT_A01_V251);

        Hl7Message ack = Hl7Message.parse(type.response(raw, accepted(type, raw)).orElseThrow(), StandardCharsets.UTF_8);

        assertThat(ack.get("MSA-1")).contains("CA");
        assertThat(ack.get("MSA-2")).contains("MSG00001-2024");
        assertThat(ack.get("MSH-9")).contains("ACK^A01^ACK");
        assertThat(ack.get("MSH-3")).contains("LABADT");
        assertThat(ack.get("MSH-4")).contains("DHHS");
        assertThat(ack.get("MSH-5")).contains("EPICADT");
        assertThat(ack.get("MSH-6")).contains("GOODHEALTH^1.2.840.114350^ISO");
        assertThat(ack.get("MSH-12")).contains("2.5.1");
        assertThat(ack.get("MSH-18")).contains("8859/1");
        assertThat(ack.get("MSH-10")).isPresent().isNotEqualTo(ack.get("MSA-2"));
        assertThat(ack.charset()).isEqualTo(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest(name = "{0} {1} in {2} mode -> {3}")
    @CsvSource({
            "INVALID, 2.5.1, original, AE",
            "INVALID, 2.5.1, enhanced, CE",
            "REJECTED, 2.5.1, original, AR",
            "REJECTED, 2.5.1, enhanced, CR",
            "INVALID, 2.3, original, AE",
            "REJECTED, 2.4, original, AR",
    })
    void rejected_givesCodeByKindAndMode(MessageFormatException.Kind kind, String version, String mode, String code) throws Exception {
        Hl7v2DataType type = dataType(Hl7v2Options.DEFAULTS.withAckMode(AckMode.valueOf(mode.toUpperCase())));
        byte[] raw = Samples.message("MSH|^~\\&|S|SF|R|RF|20240101||ADT^A01|C1|P|" + version, "PID|1||42||DOE||BADDATE");

        List<String> ack = segments(type.response(raw, rejected(kind, "PID-7", "102", "not a valid TS value")).orElseThrow());

        assertThat(ack.get(1)).isEqualTo("MSA|" + code + "|C1|not a valid TS value (at PID-7)");
        if (version.equals("2.5.1")) {
            assertThat(ack.get(2)).isEqualTo("ERR||PID^1^7^1|102^Data type error^HL70357|E");
        } else {
            assertThat(ack.get(2)).isEqualTo("ERR|PID^1^7^102&Data type error&HL70357");
        }
    }

    @Test
    void failed_isAeWithReasonAndInternalErrorCode() {
        Hl7v2DataType type = dataType(Hl7v2Options.DEFAULTS.withAckMode(AckMode.ORIGINAL));
        byte[] raw = Samples.bytes(Samples.ADT_A01_V251);

        List<String> ack = segments(type.response(raw, new ReceiveResult.Failed(null, "store unavailable")).orElseThrow());

        assertThat(ack.get(1)).isEqualTo("MSA|AE|MSG00001-2024|store unavailable");
        assertThat(ack.get(2)).isEqualTo("ERR|||207^Application internal error^HL70357|E");
    }

    @Test
    void failed_enhancedMode_isCe() {
        Hl7v2DataType type = dataType(Hl7v2Options.DEFAULTS);
        byte[] raw = Samples.bytes(Samples.ADT_A01_V251);
        List<String> ack = segments(type.response(raw, new ReceiveResult.Failed(ID, "channel stopping")).orElseThrow());
        assertThat(ack.get(1)).startsWith("MSA|CE|MSG00001-2024|");
    }

    @Test
    void garbage_getsMinimalArV25() {
        Hl7v2DataType type = dataType(Hl7v2Options.DEFAULTS);
        byte[] raw = "\u0000\u0001 definitely not HL7".getBytes(StandardCharsets.ISO_8859_1);
        MessageFormatException error = new MessageFormatException(MessageFormatException.Kind.REJECTED, "no MSH", "MSH", "100");

        List<String> ack = segments(type.response(raw, new ReceiveResult.Rejected(ID, error)).orElseThrow());

        assertThat(ack.get(0)).matches("MSH\\|\\^~\\\\&\\|\\|\\|\\|\\|20240315120000\\.000\\+0000\\|\\|ACK\\^\\^ACK\\|[0-9A-Z]+\\|P\\|2\\.5");
        assertThat(ack.get(1)).isEqualTo("MSA|AR||no MSH (at MSH)");
        assertThat(ack.get(2)).isEqualTo("ERR||MSH^1|100^Segment sequence error^HL70357|E");
    }

    @Test
    void unsupportedVersion_ackCopiesTheVersionAndRejects() throws Exception {
        Hl7v2DataType type = dataType(Hl7v2Options.DEFAULTS);
        byte[] raw = Samples.message("MSH|^~\\&|S|SF|R|RF|20240101||ADT^A01|C9|P|3.1");
        MessageFormatException error = org.assertj.core.api.Assertions.catchThrowableOfType(MessageFormatException.class, () -> type.parse(raw));

        List<String> ack = segments(type.response(raw, new ReceiveResult.Rejected(ID, error)).orElseThrow());

        assertThat(ack.get(0)).endsWith("|P|3.1");
        assertThat(ack.get(1)).startsWith("MSA|AR|C9|");
        assertThat(ack.get(2)).isEqualTo("ERR||MSH^1^12^1|203^Unsupported version id^HL70357|E");
    }

    @Test
    void nonDefaultDelimitersAndCharset_areUsedInTheAck() throws Exception {
        Hl7v2DataType type = dataType(Hl7v2Options.DEFAULTS);
        byte[] raw = "MSH$%*#&$SÜND$F$R$RF$20240101$$ADT%A01$7$P$2.5$$$$$$UNICODE UTF-8\rPID$1\r".getBytes(StandardCharsets.UTF_8);

        byte[] ack = type.response(raw, new ReceiveResult.Failed(ID, "a$b|c")).orElseThrow();
        String text = new String(ack, StandardCharsets.UTF_8);

        assertThat(text).startsWith("MSH$%*#&$R$RF$SÜND$F$").contains("$ACK%A01%ACK$").contains("MSA$AE$7$a#F#b|c\r")
                .contains("$UNICODE UTF-8\r");
    }

    @Test
    void honorAcceptAckType_ne_suppressesTheAck() throws Exception {
        Hl7v2DataType honouring = dataType(Hl7v2Options.DEFAULTS.withHonorAcceptAckType(true));
        Hl7v2DataType ignoring = dataType(Hl7v2Options.DEFAULTS);
        byte[] ne = Samples.message("MSH|^~\\&|S|SF|R|RF|20240101||ADT^A01|C1|P|2.5|||NE|AL");
        byte[] er = Samples.message("MSH|^~\\&|S|SF|R|RF|20240101||ADT^A01|C1|P|2.5|||ER|AL");

        assertThat(honouring.response(ne, accepted(honouring, ne))).isEmpty();
        assertThat(ignoring.response(ne, accepted(ignoring, ne))).isPresent();
        assertThat(honouring.response(er, accepted(honouring, er))).isEmpty();
        assertThat(honouring.response(er, new ReceiveResult.Failed(ID, "down"))).isPresent();
    }

    @Test
    void controlIds_areUnique() throws Exception {
        Hl7v2DataType type = dataType(Hl7v2Options.DEFAULTS);
        byte[] raw = Samples.bytes(Samples.ORU_R01_V23);
        ReceiveResult result = accepted(type, raw);
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(Hl7Message.read(type.response(raw, result).orElseThrow(), StandardCharsets.UTF_8).get("MSH-10").orElseThrow());
        }
        assertThat(ids).hasSize(1000);
    }

    @Test
    void ourNak_isReadByHapi() throws Exception {
        Hl7v2DataType type = dataType(Hl7v2Options.DEFAULTS.withAckMode(AckMode.ORIGINAL));
        byte[] raw = Samples.bytes(Samples.ADT_A01_V251);
        byte[] ack = type.response(raw, rejected(MessageFormatException.Kind.INVALID, "PID-7", "102", "bad date")).orElseThrow();

        try (HapiContext context = new DefaultHapiContext()) {
            Terser terser = new Terser(context.getPipeParser().parse(new String(ack, StandardCharsets.ISO_8859_1)));
            assertThat(terser.get("/MSA-1")).isEqualTo("AE");
            assertThat(terser.get("/MSA-2")).isEqualTo("MSG00001-2024");
            assertThat(terser.get("/ERR-2-1")).isEqualTo("PID");
            assertThat(terser.get("/ERR-2-3")).isEqualTo("7");
            assertThat(terser.get("/ERR-3-1")).isEqualTo("102");
            assertThat(terser.get("/ERR-4")).isEqualTo("E");
        }
    }

    @Test
    void interpretResponse_readsMsa1AndText() {
        Hl7v2DataType type = dataType(Hl7v2Options.DEFAULTS);
        String msh = "MSH|^~\\&|R|RF|S|SF|20240101||ACK^A01^ACK|A1|P|2.5";

        assertThat(type.interpretResponse(Samples.message(msh, "MSA|AA|C1"))).isEqualTo(ResponseStatus.accepted("AA"));
        assertThat(type.interpretResponse(Samples.message(msh, "MSA|CA|C1")).verdict()).isEqualTo(ResponseStatus.Verdict.ACCEPTED);
        assertThat(type.interpretResponse(Samples.message(msh, "MSA|AE|C1|Unknown patient")))
                .isEqualTo(new ResponseStatus(ResponseStatus.Verdict.ERROR, "AE: Unknown patient"));
        assertThat(type.interpretResponse(Samples.message(msh, "MSA|AR|C1", "ERR||PID^1^3|204^Unknown key identifier^HL70357|E")))
                .isEqualTo(new ResponseStatus(ResponseStatus.Verdict.REJECTED, "AR: Unknown key identifier"));
        assertThat(type.interpretResponse(Samples.message(msh, "MSA|CR|C1")).verdict()).isEqualTo(ResponseStatus.Verdict.REJECTED);
        assertThat(type.interpretResponse(Samples.message(msh, "MSA|ZZ|C1")).verdict()).isEqualTo(ResponseStatus.Verdict.ERROR);
        assertThat(type.interpretResponse(Samples.message(msh)).detail()).contains("no MSA-1");
        assertThat(type.interpretResponse("garbage".getBytes(StandardCharsets.US_ASCII)).verdict()).isEqualTo(ResponseStatus.Verdict.ERROR);
    }

    @Test
    void interpretResponse_ofOurOwnNak_roundTrips() {
        Hl7v2DataType type = dataType(Hl7v2Options.DEFAULTS.withAckMode(AckMode.ORIGINAL));
        byte[] raw = Samples.bytes(Samples.ORU_R01_V23);
        byte[] nak = type.response(raw, new ReceiveResult.Failed(ID, "database down")).orElseThrow();
        assertThat(type.interpretResponse(nak)).isEqualTo(new ResponseStatus(ResponseStatus.Verdict.ERROR, "AE: database down"));
    }
}
