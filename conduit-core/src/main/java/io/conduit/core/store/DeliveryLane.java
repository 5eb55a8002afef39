package io.conduit.core.store;

import org.jspecify.annotations.Nullable;

/**
 * One of the lanes a destination delivers its queue over: lane {@code index} of {@code count}
 * takes the queued entries whose lane hash modulo {@code count} is {@code index}. Entries with the
 * same lane key (say, the same patient id) hash alike, so they stay in one lane and keep their
 * order; entries of different keys may overtake each other across lanes.
 */
public record DeliveryLane(int index, int count) {

    /** The whole queue, in order: a destination with a single lane. */
    public static final DeliveryLane ALL = new DeliveryLane(0, 1);

    public DeliveryLane {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("lane " + index + " of " + count + " does not exist");
        }
    }

    /**
     * The stored hash of a lane key: non-negative, 0 without a key. It is kept with each queued
     * entry, so it must never change between versions: it is {@link String#hashCode()}, whose
     * value the Java language specification fixes.
     */
    public static int hash(@Nullable String key) {
        return key == null ? 0 : key.hashCode() & Integer.MAX_VALUE;
    }
}
