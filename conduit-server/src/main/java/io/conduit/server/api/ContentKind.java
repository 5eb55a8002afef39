package io.conduit.server.api;

import io.conduit.core.message.Stage;
import org.jspecify.annotations.Nullable;

/** The contents of a message an analyst can look at, each read from a different place in the store. */
enum ContentKind {
    /** The bytes as received (source side). */
    RECEIVED(null, "Received"),
    /** The source steps' output (source side). */
    TRANSFORMED(Stage.TRANSFORMED, "Transformed"),
    /** What a destination sent (per destination). */
    SENT(null, "Sent to"),
    /** The peer's answer to a destination (per destination). */
    RESPONSE(Stage.SENT, "Response from"),
    /** The answer the source gave the sender (source side). */
    ACKNOWLEDGEMENT(Stage.ACKNOWLEDGED, "Answer to the sender");

    private final @Nullable Stage stage;
    private final String label;

    ContentKind(@Nullable Stage stage, String label) {
        this.stage = stage;
        this.label = label;
    }

    /** The history stage whose content this is, or null for received and sent content. */
    @Nullable Stage stage() {
        return stage;
    }

    String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    String label(String destination) {
        return destination.isEmpty() ? label : label + " " + destination;
    }
}
