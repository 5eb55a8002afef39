package io.conduit.core.message;

/**
 * Where a message (or one destination's delivery of it) stands. The one-letter codes are what the
 * store keeps; they never change.
 */
public enum MessageStatus {
    /** Received and stored; not yet routed. */
    RECEIVED('R'),
    /** Dropped by a filter; kept for the record. */
    FILTERED('F'),
    /** Waiting in a destination queue (includes retrying). */
    QUEUED('Q'),
    /** Delivered and accepted by every destination that was to receive it. */
    SENT('S'),
    /** Rejected as malformed, failed in the pipeline, or gave up delivering; kept for resend. */
    ERRORED('E'),
    /** Split into several messages (each tracked on its own, pointing to this one as parent). */
    SPLIT('P');

    private final char code;

    MessageStatus(char code) {
        this.code = code;
    }

    public char code() {
        return code;
    }

    public static MessageStatus fromCode(char code) {
        for (MessageStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown message status code: " + code);
    }
}
