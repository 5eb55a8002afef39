package io.conduit.core.datatype;

/**
 * A peer's verdict on a message this engine sent, as read by the data type.
 *
 * @param verdict accepted, error (the peer could not process it; HL7 AE/CE) or rejected (HL7 AR/CR)
 * @param detail  a short explanation for the operator (e.g. {@code AE: Unknown patient}), no PHI
 */
public record ResponseStatus(Verdict verdict, String detail) {

    /** The peer's verdict. */
    public enum Verdict { ACCEPTED, ERROR, REJECTED }

    public static ResponseStatus accepted(String detail) {
        return new ResponseStatus(Verdict.ACCEPTED, detail);
    }

    public boolean isAccepted() {
        return verdict == Verdict.ACCEPTED;
    }
}
