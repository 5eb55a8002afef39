package io.conduit.core.runtime;

/** When a source answers the sender. */
public enum RespondAfter {
    /** As soon as the message is durably stored (the default: store, then acknowledge). */
    STORED,
    /** Once every destination accepted it (or gave up); the answer reflects the outcome. */
    DELIVERED
}
