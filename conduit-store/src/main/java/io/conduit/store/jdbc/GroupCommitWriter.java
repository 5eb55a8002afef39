package io.conduit.store.jdbc;

import io.conduit.core.store.StoreException;
import io.conduit.core.store.StoreWrite;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes: group commit over a single connection.
 *
 * <p><b>Model.</b> Submitters put a {@link Submission} on a bounded queue (blocking when it is full:
 * back-pressure for the virtual threads that call in). The writer takes whatever is pending, up to
 * {@code maxBatch} submissions, applies them all in one transaction and commits once, so one fsync
 * serves them all. While it commits, the next batch accumulates: batches grow with load, with no
 * timer and no added latency when idle.
 *
 * <p><b>Failure isolation.</b> When a batch fails, it is rolled back and its submissions are retried
 * one transaction each, so only the bad submission fails. The rare cost is one commit per submission
 * of that batch; the common path pays nothing (no savepoints).
 *
 * <p><b>Completion.</b> Futures are completed on virtual threads, never on the writer thread: a
 * caller's {@code thenRun} (an ACK written to a socket) must not stall commits for everyone.
 *
 * <p><b>Shutdown.</b> {@link #close()} enqueues a stop marker behind everything submitted; the writer
 * commits everything before it, marks itself terminated, then commits stragglers that raced with
 * the marker. A submitter that sees the terminated flag after its put takes its submission back and
 * fails it, so no future is left pending forever.
 *
 * <p><b>Statistics</b> are written by the writer thread only and read racily (volatile).
 */
final class GroupCommitWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final Submission STOP = new Submission(List.of());

    /**
     * One caller's writes, committed atomically, and the future that reports the commit. Identity
     * equality on purpose: the queue removes a submission by identity, never by comparing writes.
     */
    static final class Submission {
        private final List<EncodedWrite> writes;
        private final CompletableFuture<Void> future = new CompletableFuture<>();

        Submission(List<EncodedWrite> writes) {
            this.writes = writes;
        }

        List<EncodedWrite> writes() {
            return writes;
        }

        CompletableFuture<Void> future() {
            return future;
        }
    }

    // Confined to the writer thread; replaced when a dropped connection is reopened.
    private Connection connection;
    private WriteApplier applier;
    private final StatementSet sql;
    private final @Nullable ConnectionOpener reopen;
    private final ContentCodec codec;
    private final InstantSource clock;
    private final int maxBatch;
    private final String description;
    private final BlockingQueue<Submission> queue;
    private final Thread thread;
    private final ExecutorService completions;

    private final java.util.concurrent.atomic.AtomicBoolean closeCalled = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closing;
    private volatile boolean terminated;

    // Written by the writer thread only.
    private volatile long commits;
    private volatile long submissions;
    private volatile long writes;
    private volatile long failedSubmissions;
    private volatile long retriedBatches;
    private volatile int largestBatch;

    /**
     * Takes ownership of {@code connection} (auto-commit off) and starts the writer thread.
     *
     * @param description names the store in logs and errors (a path or URL without credentials)
     */
    GroupCommitWriter(Connection connection, StatementSet sql, ContentCodec codec, InstantSource clock,
                      int maxBatch, int queueCapacity, String description) throws SQLException {
        this(connection, null, sql, codec, clock, maxBatch, queueCapacity, description);
    }

    /**
     * @param reopen opens a replacement when the server drops the connection; null when it cannot drop
     */
    GroupCommitWriter(Connection connection, @Nullable ConnectionOpener reopen, StatementSet sql, ContentCodec codec,
                      InstantSource clock, int maxBatch, int queueCapacity, String description) throws SQLException {
        this.connection = connection;
        this.reopen = reopen;
        this.sql = sql;
        this.connection.setAutoCommit(false);
        this.applier = new WriteApplier(connection, sql);
        this.codec = codec;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.description = description;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.completions = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("conduit-store-completion-", 0).factory());
        this.thread = Thread.ofPlatform().name("conduit-store-writer").daemon(false).unstarted(this::run);
        this.thread.start();
    }

    CompletableFuture<Void> submit(List<StoreWrite> writes) {
        if (closing) {
            return CompletableFuture.failedFuture(closed());
        }
        if (writes.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<EncodedWrite> encoded = new ArrayList<>(writes.size());
        // Content derived from a message inserted in this same submission is stored as a delta
        // against what was received (ContentCodec.DELTA).
        java.util.Map<io.conduit.core.message.MessageId, byte[]> bases = new java.util.HashMap<>(4);
        for (StoreWrite write : writes) {
            if (write instanceof StoreWrite.InsertMessage m && m.message() != null) {
                bases.put(m.message().id(), m.message().content());
            }
        }
        try {
            for (StoreWrite write : writes) {
                encoded.add(EncodedWrite.of(write, codec, bases::get));
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new StoreException("invalid store write: " + e.getMessage(), e));
        }
        Submission submission = new Submission(encoded);
        try {
            queue.put(submission);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new StoreException(
                    "interrupted while waiting for room in the store's write queue (" + describe(submission) + ")", e));
        }
        if (terminated && queue.remove(submission)) {
            submission.future().completeExceptionally(closed());
        }
        return submission.future();
    }

    StoreStats stats() {
        return new StoreStats(commits, submissions, writes, failedSubmissions, retriedBatches, largestBatch, queue.size());
    }

    private void run() {
        List<Submission> batch = new ArrayList<>(maxBatch);
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                // Nobody but close() should stop us; treat an interrupt as a close request.
                LOG.warn("store writer for {} interrupted; committing what is queued and stopping", description);
                closing = true;
                stop = true;
            }
            queue.drainTo(batch, maxBatch - batch.size());
            if (batch.remove(STOP)) {
                stop = true;
            }
            commit(batch);
            batch.clear();
            runBetweenBatches();
        }
        terminated = true;
        // Submissions that raced with the stop marker: commit them too (the connection is still open).
        while (queue.drainTo(batch, maxBatch) > 0) {
            batch.remove(STOP);
            commit(batch);
            batch.clear();
        }
        applier.close();
        closeConnection();
    }

    private void commit(List<Submission> batch) {
        if (batch.isEmpty()) {
            return;
        }
        long now = clock.millis();
        long startNanos = System.nanoTime();
        try {
            int count = 0;
            for (Submission s : batch) {
                for (EncodedWrite w : s.writes()) {
                    applier.apply(w, now);
                    count++;
                }
            }
            connection.commit();
            recordCommit(batch.size(), count);
            observeCommit(System.nanoTime() - startNanos, batch.size());
            complete(batch, null);
        } catch (SQLException | StoreException | RuntimeException e) {
            rollback();
            if (reconnectIfDropped(e)) {
                retriedBatches++;
                for (Submission s : batch) {
                    commitAlone(s, now);
                }
                return;
            }
            if (batch.size() == 1) {
                fail(batch.getFirst(), e);
            } else {
                retriedBatches++;
                LOG.debug("batch of {} submissions failed ({}); retrying them one by one", batch.size(), e.toString());
                for (Submission s : batch) {
                    commitAlone(s, now);
                }
            }
        }
    }

    /**
     * When the failure came from a dropped connection, opens a new one (retrying every second
     * while the server is away; submitters wait, bounded by the queue) and returns true, so the
     * batch can be committed again instead of failed.
     */
    private boolean reconnectIfDropped(Exception failure) {
        if (reopen == null || ConnectionOpener.isAlive(connection)) {
            return false;
        }
        LOG.warn("store {} lost its write connection ({}); reconnecting", description, failure.toString());
        while (!closing) {
            try {
                Connection fresh = reopen.open();
                fresh.setAutoCommit(false);
                applier.close();
                closeConnection();
                connection = fresh;
                applier = new WriteApplier(fresh, sql);
                LOG.info("store {} reconnected its write connection", description);
                return true;
            } catch (SQLException e) {
                LOG.warn("store {}: reconnecting failed ({}); retrying in 1 s", description, e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    private void commitAlone(Submission s, long now) {
        try {
            for (EncodedWrite w : s.writes()) {
                applier.apply(w, now);
            }
            connection.commit();
            recordCommit(1, s.writes().size());
            complete(List.of(s), null);
        } catch (SQLException | StoreException | RuntimeException e) {
            rollback();
            fail(s, e);
        }
    }

    /** Store upkeep run on the writer thread between batches, when it holds no lock (SQLite's log restart). */
    private volatile Runnable betweenBatches = () -> { };

    void setBetweenBatches(Runnable task) {
        betweenBatches = task;
    }

    private void runBetweenBatches() {
        try {
            betweenBatches.run();
        } catch (RuntimeException e) {
            LOG.warn("store upkeep between batches failed on {}: {}", description, e.toString());
        }
    }

    /** Set from any thread, read by the writer thread. */
    private volatile io.conduit.core.store.CommitObserver commitObserver = io.conduit.core.store.CommitObserver.NONE;

    void observeCommits(io.conduit.core.store.CommitObserver observer) {
        commitObserver = observer;
    }

    private void observeCommit(long nanos, int submissions) {
        try {
            commitObserver.committed(nanos, submissions);
        } catch (RuntimeException e) {
            LOG.debug("commit observer failed: {}", e.toString());
        }
    }

    private void recordCommit(int batchSize, int writeCount) {
        commits++;
        submissions += batchSize;
        writes += writeCount;
        if (batchSize > largestBatch) {
            largestBatch = batchSize;
        }
    }

    private void fail(Submission s, Exception cause) {
        failedSubmissions++;
        String reason = cause instanceof StoreException ? cause.getMessage() : cause.toString();
        LOG.warn("store write failed on {} ({}): {}", description, describe(s), reason);
        StoreException error = cause instanceof StoreException se ? se
                : new StoreException("store write failed (" + describe(s) + "): " + reason, cause);
        complete(List.of(s), error);
    }

    private void complete(List<Submission> done, @Nullable StoreException error) {
        List<Submission> copy = List.copyOf(done);
        completions.execute(() -> {
            for (Submission s : copy) {
                if (error == null) {
                    s.future().complete(null);
                } else {
                    s.future().completeExceptionally(error);
                }
            }
        });
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback failed on {}: {}", description, e.toString());
        }
    }

    private void closeConnection() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the write connection of {} failed: {}", description, e.toString());
        }
    }

    private StoreException closed() {
        return new StoreException("the store " + description + " is closed");
    }

    private static String describe(Submission s) {
        return s.writes().stream().map(w -> EncodedWrite.describe(w.write())).collect(Collectors.joining(", "));
    }

    /**
     * Commits everything submitted so far, stops the writer, closes the connection and waits until
     * every future is completed. Idempotent.
     */
    @Override
    public void close() {
        if (!closeCalled.compareAndSet(false, true)) {
            return;
        }
        closing = true;
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(STOP);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        completions.close(); // waits for every completion task: no future is left pending
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
