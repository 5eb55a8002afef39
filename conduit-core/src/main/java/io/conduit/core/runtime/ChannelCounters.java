package io.conduit.core.runtime;

import java.util.concurrent.atomic.AtomicLong;

/** A channel's live counters since deployment; the store holds the durable truth. Thread-safe. */
public final class ChannelCounters {

    final AtomicLong received = new AtomicLong();
    final AtomicLong filtered = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong errored = new AtomicLong();
    final AtomicLong storeFailures = new AtomicLong();
    final AtomicLong sendFailures = new AtomicLong();

    public long received() {
        return received.get();
    }

    public long filtered() {
        return filtered.get();
    }

    /** Deliveries accepted by a destination (one message sent to two destinations counts twice). */
    public long sent() {
        return sent.get();
    }

    /** Messages rejected or failed in the pipeline, plus deliveries given up. */
    public long errored() {
        return errored.get();
    }

    /** Messages the store could not take (the sender was told to retry). */
    public long storeFailures() {
        return storeFailures.get();
    }

    /** Failed delivery attempts that were retried. */
    public long sendFailures() {
        return sendFailures.get();
    }
}
