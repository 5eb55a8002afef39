package io.conduit.core.connector;

import org.jspecify.annotations.Nullable;

/** How one delivery attempt ended. */
public sealed interface DeliveryResult {

    /**
     * The peer accepted the message.
     *
     * @param response the peer's answer (e.g. its ACK), or null when the transport has none
     * @param detail   a short description for the operator, no PHI
     */
    record Sent(byte @Nullable [] response, String detail) implements DeliveryResult {
    }

    /** The attempt failed in a way worth retrying (peer down, timeout, AE when so configured). */
    record Retry(String reason, byte @Nullable [] response) implements DeliveryResult {
    }

    /** The peer refused the message for good (AR when so configured): do not retry. */
    record Fail(String reason, byte @Nullable [] response) implements DeliveryResult {
    }

    static DeliveryResult sent(byte @Nullable [] response, String detail) {
        return new Sent(response, detail);
    }

    static DeliveryResult retry(String reason) {
        return new Retry(reason, null);
    }

    static DeliveryResult fail(String reason) {
        return new Fail(reason, null);
    }
}
