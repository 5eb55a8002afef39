package io.conduit.core.runtime;

import java.time.Duration;

/**
 * Told about every delivery a destination's peer accepted, for metrics. Called on the delivery
 * thread: it must be quick and must not throw.
 */
@FunctionalInterface
public interface DeliveryObserver {

    /** @param sinceReceived from the channel receiving the message to the peer accepting it */
    void sent(String channel, String destination, Duration sinceReceived);

    /** Observes nothing. */
    DeliveryObserver NONE = (channel, destination, sinceReceived) -> { };
}
