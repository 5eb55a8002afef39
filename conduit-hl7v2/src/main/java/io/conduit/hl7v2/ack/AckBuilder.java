package io.conduit.hl7v2.ack;

import io.conduit.core.datatype.MessageFormatException;
import io.conduit.core.datatype.ReceiveResult;
import io.conduit.hl7v2.parse.Delimiters;
import io.conduit.hl7v2.parse.Hl7ErrorCode;
import io.conduit.hl7v2.parse.Hl7Message;
import io.conduit.hl7v2.parse.Hl7Version;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Builds the ACK a source sends back for a received message.
 *
 * <p><b>Codes.</b> Accepted → AA (CA in enhanced mode); rejected as invalid → AE/CE; rejected as
 * unreadable → AR/CR; failed (store down, pipeline error: the sender should retry) → AE/CE with
 * code 207. Enhanced mode is used when configured, or in {@link AckMode#AUTO} when the message sets
 * MSH-15 or MSH-16.
 *
 * <p><b>MSH-15 (accept acknowledgment type).</b> By default an ACK is always returned, whatever
 * MSH-15 says: MLLP senders block until they read a response, and an unexpected ACK is harmless
 * while a missing one stalls the connection until the sender times out. With
 * {@code honorAcceptAckType} the builder returns no ACK for NE, none for a success under ER and
 * none for an error under SU (only in enhanced mode, as the standard defines).
 *
 * <p><b>Content.</b> MSH with sending and receiving application/facility swapped, MSH-7 now,
 * MSH-9 {@code ACK^<trigger>^ACK} (two components before v2.3.1, which had no message structure),
 * a new MSH-10, MSH-11, MSH-12 and MSH-18 copied; MSA with the code, the original control id and
 * the reason (at most 80 characters, the MSA-3 length); for errors an ERR segment: ERR-1
 * ({@code segment^sequence^field^code&text&HL70357}) before v2.5, ERR-2/ERR-3/ERR-4 from v2.5. The
 * ACK uses the message's delimiters and charset. Input too broken to read gets a minimal v2.5 AR
 * with an empty MSA-2.
 *
 * <p>Immutable and thread-safe.
 */
public final class AckBuilder {

    private static final int MSA_TEXT_LENGTH = 80;
    private static final Hl7Version V2_3_1 = new Hl7Version(2, 3, 1);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSZ", Locale.ROOT);

    private final AckMode mode;
    private final boolean honorAcceptAckType;
    private final Charset defaultCharset;
    private final Clock clock;
    private final ControlIds controlIds;

    /**
     * @param mode               original, enhanced or auto
     * @param honorAcceptAckType whether MSH-15 may suppress the ACK (see the class description)
     * @param defaultCharset     for messages without MSH-18, as the data type reads them
     * @param clock              for MSH-7 and control ids (its zone gives the MSH-7 offset)
     */
    public AckBuilder(AckMode mode, boolean honorAcceptAckType, Charset defaultCharset, Clock clock) {
        this.mode = mode;
        this.honorAcceptAckType = honorAcceptAckType;
        this.defaultCharset = defaultCharset;
        this.clock = clock;
        this.controlIds = new ControlIds(clock);
    }

    /**
     * The ACK for {@code result}, or empty when MSH-15 asks for none and {@code honorAcceptAckType}
     * is set.
     *
     * @param raw the bytes as received, read when {@code result} carries no parsed HL7 message
     */
    public Optional<byte[]> build(byte[] raw, ReceiveResult result) {
        Hl7Message header = header(raw, result);
        Problem problem = problem(result);
        boolean enhanced = mode == AckMode.ENHANCED
                || (mode == AckMode.AUTO && header != null && (!header.field(0, 15).isEmpty() || !header.field(0, 16).isEmpty()));
        AckCode.Outcome outcome = problem == null ? AckCode.Outcome.ACCEPT : problem.outcome();
        if (header != null && enhanced && honorAcceptAckType && isSuppressed(header.field(0, 15), outcome)) {
            return Optional.empty();
        }
        AckCode code = AckCode.of(outcome, enhanced);
        return Optional.of(header == null ? minimal(code, problem) : ack(header, code, problem));
    }

    private static boolean isSuppressed(String acceptAckType, AckCode.Outcome outcome) {
        return switch (acceptAckType) {
            case "NE" -> true;
            case "ER" -> outcome == AckCode.Outcome.ACCEPT;
            case "SU" -> outcome != AckCode.Outcome.ACCEPT;
            default -> false;
        };
    }

    private @Nullable Hl7Message header(byte[] raw, ReceiveResult result) {
        if (result instanceof ReceiveResult.Accepted accepted && accepted.message() instanceof Hl7Message message) {
            return message;
        }
        try {
            return Hl7Message.read(raw, defaultCharset);
        } catch (MessageFormatException | RuntimeException e) {
            // Whatever the bytes are, the sender still gets the minimal AR rather than no answer.
            return null;
        }
    }

    /** What went wrong, for MSA-3 and ERR; null when accepted. */
    private record Problem(AckCode.Outcome outcome, String code, @Nullable ErrorLocation location, String text) {
    }

    private static @Nullable Problem problem(ReceiveResult result) {
        return switch (result) {
            case ReceiveResult.Accepted a -> null;
            case ReceiveResult.Rejected r -> {
                MessageFormatException e = r.error();
                AckCode.Outcome outcome = e.kind() == MessageFormatException.Kind.REJECTED ? AckCode.Outcome.REJECT : AckCode.Outcome.ERROR;
                String code = e.code() != null ? e.code() : Hl7ErrorCode.APPLICATION_INTERNAL_ERROR.code();
                yield new Problem(outcome, code, ErrorLocation.parse(e.location()), e.describe());
            }
            case ReceiveResult.Failed f ->
                    new Problem(AckCode.Outcome.ERROR, Hl7ErrorCode.APPLICATION_INTERNAL_ERROR.code(), null, f.reason());
        };
    }

    private byte[] ack(Hl7Message message, AckCode code, @Nullable Problem problem) {
        Delimiters d = message.delimiters();
        Hl7Version version = Hl7Version.parseOrDefault(message.version());
        String trigger = message.get("MSH-9.2").map(d::escape).orElse("");
        String structure = version.isBefore(V2_3_1) ? "" : d.component() + "ACK";
        String[] msh = new String[19];
        msh[3] = message.field(0, 5);
        msh[4] = message.field(0, 6);
        msh[5] = message.field(0, 3);
        msh[6] = message.field(0, 4);
        msh[7] = TIMESTAMP.format(clock.instant().atZone(clock.getZone()));
        msh[9] = "ACK" + d.component() + trigger + structure;
        msh[10] = controlIds.next();
        msh[11] = message.field(0, 11).isEmpty() ? "P" : message.field(0, 11);
        msh[12] = message.field(0, 12).isEmpty() ? "2.5" : message.field(0, 12);
        msh[18] = message.field(0, 18);
        StringBuilder sb = new StringBuilder(256);
        appendMsh(sb, d, msh);
        appendMsa(sb, d, code, message.field(0, 10), problem);
        if (problem != null) {
            appendErr(sb, d, version.isBefore(Hl7Version.V2_5), problem);
        }
        return sb.toString().getBytes(message.charset());
    }

    /** An ACK for content without a readable MSH: v2.5, default delimiters, empty MSA-2. */
    private byte[] minimal(AckCode code, @Nullable Problem problem) {
        Delimiters d = Delimiters.DEFAULT;
        String[] msh = new String[13];
        msh[7] = TIMESTAMP.format(clock.instant().atZone(clock.getZone()));
        msh[9] = "ACK" + d.component() + d.component() + "ACK";
        msh[10] = controlIds.next();
        msh[11] = "P";
        msh[12] = "2.5";
        StringBuilder sb = new StringBuilder(200);
        appendMsh(sb, d, msh);
        appendMsa(sb, d, code, "", problem);
        if (problem != null) {
            appendErr(sb, d, false, problem);
        }
        return sb.toString().getBytes(defaultCharset);
    }

    private static void appendMsh(StringBuilder sb, Delimiters d, String[] msh) {
        int last = msh.length - 1;
        while (last > 2 && (msh[last] == null || msh[last].isEmpty())) {
            last--;
        }
        sb.append("MSH").append(d.field()).append(d.encodingCharacters());
        for (int i = 3; i <= last; i++) {
            sb.append(d.field());
            if (msh[i] != null) {
                sb.append(msh[i]);
            }
        }
        sb.append('\r');
    }

    private static void appendMsa(StringBuilder sb, Delimiters d, AckCode code, String controlId, @Nullable Problem problem) {
        sb.append("MSA").append(d.field()).append(code.name()).append(d.field()).append(controlId);
        if (problem != null) {
            String text = problem.text().length() > MSA_TEXT_LENGTH ? problem.text().substring(0, MSA_TEXT_LENGTH) : problem.text();
            sb.append(d.field()).append(d.escape(text));
        }
        sb.append('\r');
    }

    private static void appendErr(StringBuilder sb, Delimiters d, boolean beforeV25, Problem problem) {
        String codeText = Hl7ErrorCode.find(problem.code()).map(Hl7ErrorCode::text).orElse("");
        char c = d.component();
        sb.append("ERR").append(d.field());
        if (beforeV25) {
            ErrorLocation at = problem.location();
            sb.append(at == null ? "" + c + c : at.toEld(c)).append(c)
                    .append(problem.code()).append(d.subcomponent()).append(codeText).append(d.subcomponent()).append("HL70357");
        } else {
            ErrorLocation at = problem.location();
            sb.append(d.field()).append(at == null ? "" : at.toErl(c))
                    .append(d.field()).append(problem.code()).append(c).append(codeText).append(c).append("HL70357")
                    .append(d.field()).append('E');
        }
        sb.append('\r');
    }
}
