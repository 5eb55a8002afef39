package io.conduit.hl7v2.ack;

/** Which HL7 acknowledgment mode a data type answers in. */
public enum AckMode {
    /** Enhanced when the message sets MSH-15 or MSH-16, original otherwise. */
    AUTO,
    /** Application acknowledgment codes AA/AE/AR. */
    ORIGINAL,
    /** Accept acknowledgment codes CA/CE/CR. */
    ENHANCED
}
