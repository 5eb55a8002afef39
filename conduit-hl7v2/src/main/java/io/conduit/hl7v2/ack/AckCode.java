package io.conduit.hl7v2.ack;

/** HL7 table 0008, acknowledgment codes (MSA-1). */
public enum AckCode {
    AA, AE, AR, CA, CE, CR;

    /** The outcome an acknowledgment reports, independent of the mode. */
    public enum Outcome { ACCEPT, ERROR, REJECT }

    /** The code for an outcome in original ({@code A*}) or enhanced ({@code C*}) mode. */
    public static AckCode of(Outcome outcome, boolean enhanced) {
        return switch (outcome) {
            case ACCEPT -> enhanced ? CA : AA;
            case ERROR -> enhanced ? CE : AE;
            case REJECT -> enhanced ? CR : AR;
        };
    }

    /** What this code reports. */
    public Outcome outcome() {
        return switch (this) {
            case AA, CA -> Outcome.ACCEPT;
            case AE, CE -> Outcome.ERROR;
            case AR, CR -> Outcome.REJECT;
        };
    }
}
