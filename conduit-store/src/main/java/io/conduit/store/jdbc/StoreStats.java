package io.conduit.store.jdbc;

import io.conduit.core.store.MessageStore;
import java.util.Optional;

/**
 * Group-commit counters of a store opened by this module, for metrics and for proving batching:
 * under concurrent load {@code commits} grows much more slowly than {@code submissions}.
 *
 * @param commits           transactions committed
 * @param submissions       {@link MessageStore#submit} calls committed
 * @param writes            individual writes committed
 * @param failedSubmissions submissions whose future failed at commit time
 * @param retriedBatches    batches that failed as a whole and were retried one submission per
 *                          transaction to isolate the bad one (each costs a commit per submission)
 * @param largestBatch      most submissions committed by one transaction so far
 * @param queued            submissions waiting for the writer right now
 */
public record StoreStats(long commits, long submissions, long writes, long failedSubmissions, long retriedBatches,
                         int largestBatch,
                         int queued) {

    /** The counters of {@code store}, when it is one of this module's stores. */
    public static Optional<StoreStats> of(MessageStore store) {
        return store instanceof JdbcMessageStore jdbc ? Optional.of(jdbc.stats()) : Optional.empty();
    }

    /** Submissions per commit on average; 0 before the first commit. */
    public double averageBatch() {
        return commits == 0 ? 0 : (double) submissions / commits;
    }
}
