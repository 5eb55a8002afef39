package io.conduit.hl7v2;

import io.conduit.hl7v2.ack.AckMode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Settings of one {@code hl7v2} data type, as read from a channel's {@code dataType:} section.
 *
 * @param validation         {@code none}: only the header checks an ACK needs; {@code strict}: also
 *                           required segments and fields and data types of the message's version
 * @param ackMode            original (AA/AE/AR), enhanced (CA/CE/CR) or auto (enhanced when the
 *                           message sets MSH-15 or MSH-16)
 * @param defaultCharset     how to decode messages whose MSH-18 is empty or unknown
 * @param honorAcceptAckType whether MSH-15 NE/ER/SU may suppress the ACK in enhanced mode
 */
public record Hl7v2Options(Validation validation, AckMode ackMode, Charset defaultCharset, boolean honorAcceptAckType) {

    /**
     * The default charset is ISO-8859-1, not UTF-8: HL7 v2 leaves undeclared content to agreement,
     * and ISO-8859-1 maps every byte to one character and back, so undeclared bytes, whatever they
     * really are, survive a pass-through or a transformer's edit unchanged. UTF-8 would turn
     * undeclared Latin-1 bytes into replacement characters. Channels whose senders send undeclared
     * UTF-8 set {@code defaultCharset: UTF-8}.
     */
    public static final Hl7v2Options DEFAULTS = new Hl7v2Options(Validation.NONE, AckMode.AUTO, StandardCharsets.ISO_8859_1, false);

    /** How much a received message is checked. */
    public enum Validation {
        /** Only what an acknowledgment needs: MSH, delimiters, MSH-9, MSH-10, a known MSH-12. */
        NONE,
        /** Also required segments and fields and data types (TS/DTM/DT/TM, NM/SI) of common segments. */
        STRICT
    }

    /** Rejects nulls. */
    public Hl7v2Options {
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(ackMode, "ackMode");
        Objects.requireNonNull(defaultCharset, "defaultCharset");
    }

    /** A copy with another validation level. */
    public Hl7v2Options withValidation(Validation value) {
        return new Hl7v2Options(value, ackMode, defaultCharset, honorAcceptAckType);
    }

    /** A copy with another ACK mode. */
    public Hl7v2Options withAckMode(AckMode value) {
        return new Hl7v2Options(validation, value, defaultCharset, honorAcceptAckType);
    }

    /** A copy with another default charset. */
    public Hl7v2Options withDefaultCharset(Charset value) {
        return new Hl7v2Options(validation, ackMode, value, honorAcceptAckType);
    }

    /** A copy that honours (or ignores) MSH-15. */
    public Hl7v2Options withHonorAcceptAckType(boolean value) {
        return new Hl7v2Options(validation, ackMode, defaultCharset, value);
    }
}
