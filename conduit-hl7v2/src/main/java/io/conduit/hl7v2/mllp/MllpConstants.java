package io.conduit.hl7v2.mllp;

/** The bytes of the Minimal Lower Layer Protocol (HL7 v2 Implementation Guide, appendix C). */
final class MllpConstants {

    /** Vertical tab: starts a frame. */
    static final byte START_BLOCK = 0x0B;
    /** File separator: ends a frame. */
    static final byte END_BLOCK = 0x1C;
    /** Carriage return: follows the end block. */
    static final byte CARRIAGE_RETURN = 0x0D;

    private MllpConstants() {
    }

    /** Writes {@code content} framed. */
    static void writeFrame(java.io.OutputStream out, byte[] content) throws java.io.IOException {
        out.write(START_BLOCK);
        out.write(content);
        out.write(END_BLOCK);
        out.write(CARRIAGE_RETURN);
        out.flush();
    }
}
