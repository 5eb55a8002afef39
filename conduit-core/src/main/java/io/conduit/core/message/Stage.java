package io.conduit.core.message;

/**
 * A step a message went through, recorded in its history. The one-letter codes are what the store
 * keeps; they never change.
 */
public enum Stage {
    RECEIVED('R'),
    FILTERED('F'),
    TRANSFORMED('T'),
    QUEUED('Q'),
    /** One delivery attempt failed and will be retried; detail holds the reason. */
    SEND_FAILED('X'),
    /** Delivered; content holds the destination's response. */
    SENT('S'),
    /** Gave up or rejected; detail holds the reason. */
    ERRORED('E'),
    /** The source answered the sender; content holds the response sent. */
    ACKNOWLEDGED('A'),
    /** An operator asked for the message to be sent again. */
    RESENT('Z'),
    /** Split into several messages; detail says how many. */
    SPLIT('P');

    private final char code;

    Stage(char code) {
        this.code = code;
    }

    public char code() {
        return code;
    }

    public static Stage fromCode(char code) {
        for (Stage s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stage code: " + code);
    }
}
