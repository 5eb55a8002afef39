package io.conduit.core.store;

import org.jspecify.annotations.Nullable;

/**
 * One of the lanes a destination delivers its queue over: lane {@code index} of {@code count}.
 * An entry's lane is the hash of its lane key (say, the patient id) modulo the lane count, so
 * entries with the same key stay in one lane and keep their order, while entries of different
 * keys may overtake each other across lanes. The lane is stored with each open entry; a channel
 * that starts with another lane count or key assigns its open entries again
 * ({@link MessageStore#assignLanes}).
 */
public record DeliveryLane(int index, int count) {

    /** The whole queue, in order: a destination with a single lane. */
    public static final DeliveryLane ALL = new DeliveryLane(0, 1);

    public DeliveryLane {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("lane " + index + " of " + count + " does not exist");
        }
    }

    /** The lane of {@code count} for an entry whose lane key is {@code key} (lane 0 without a key). */
    public static int of(@Nullable String key, int count) {
        return key == null ? 0 : (key.hashCode() & Integer.MAX_VALUE) % count;
    }
}
