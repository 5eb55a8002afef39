package io.conduit.server.api;

import io.conduit.core.runtime.Channel;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Depth and head age of each destination queue, read from the store at most once per
 * {@code ttl}: a dashboard polling every two seconds (or several of them) must not add store
 * reads in step with the number of viewers. Thread-safe.
 */
final class QueueSnapshots {

    /** One queue as last read. */
    record Snapshot(long depth, @Nullable Instant oldestQueuedAt) {
    }

    private record Cached(Snapshot snapshot, long readAtNanos) {
    }

    private final MessageStore store;
    private final long ttlNanos;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    QueueSnapshots(MessageStore store, Duration ttl) {
        this.store = store;
        this.ttlNanos = ttl.toNanos();
    }

    Snapshot of(Channel channel, String destination) throws StoreException {
        String key = channel.name() + '\u0000' + destination;
        Cached cached = cache.get(key);
        long now = System.nanoTime();
        if (cached != null && now - cached.readAtNanos() < ttlNanos) {
            return cached.snapshot();
        }
        long depth = channel.queueDepth(destination);
        Instant oldest = depth == 0 ? null : store.oldestQueued(channel.name(), destination).orElse(null);
        Snapshot fresh = new Snapshot(depth, oldest);
        if (cache.size() > 10_000) {
            cache.clear(); // channels come and go with redeploys; never grow without bound
        }
        cache.put(key, new Cached(fresh, now));
        return fresh;
    }

    /** Forgets a queue's snapshot, so the next read after an operation shows its effect. */
    void invalidate(String channel) {
        cache.keySet().removeIf(k -> k.startsWith(channel + '\u0000'));
    }
}
