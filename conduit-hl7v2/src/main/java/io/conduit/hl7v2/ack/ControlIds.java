package io.conduit.hl7v2.ack;

import java.time.InstantSource;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Control ids (MSH-10) for generated acknowledgments: base-36 milliseconds plus a five-digit base-36
 * sequence that starts at a random point, 13 characters until 2059 (MSH-10 allows 20). Unique within a process and,
 * with the random start, across restarts and nodes in practice. Thread-safe.
 */
final class ControlIds {

    private final InstantSource clock;
    private final AtomicLong sequence = new AtomicLong(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36));

    ControlIds(InstantSource clock) {
        this.clock = clock;
    }

    String next() {
        long seq = Math.floorMod(sequence.getAndIncrement(), 36L * 36 * 36 * 36 * 36);
        String suffix = Long.toString(seq, 36);
        // Fixed width keeps millis and sequence apart, so two ids cannot run together.
        return (Long.toString(clock.millis(), 36) + "00000".substring(suffix.length()) + suffix).toUpperCase(Locale.ROOT);
    }
}
