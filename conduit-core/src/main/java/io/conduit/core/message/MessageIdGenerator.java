package io.conduit.core.message;

import java.time.InstantSource;

/**
 * The one source of message ids: strictly increasing within a process, time-ordered across
 * restarts as long as the clock does not step back by more than the restart takes.
 *
 * <p>Thread-safe; lock-free in the common case.
 */
public final class MessageIdGenerator {

    private final InstantSource clock;
    private final java.util.concurrent.atomic.AtomicLong last = new java.util.concurrent.atomic.AtomicLong();

    public MessageIdGenerator(InstantSource clock) {
        this.clock = clock;
    }

    public MessageId next() {
        long candidate = (clock.millis() - MessageId.EPOCH_MILLIS) << MessageId.SEQUENCE_BITS;
        while (true) {
            long prev = last.get();
            long next = candidate > prev ? candidate : prev + 1;
            if (last.compareAndSet(prev, next)) {
                return new MessageId(next);
            }
        }
    }
}
