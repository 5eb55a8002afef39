package io.conduit.core.runtime;

import io.conduit.core.connector.DeliveryResult;
import io.conduit.core.connector.OutboundMessage;
import io.conduit.core.message.MessageId;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.message.Stage;
import io.conduit.core.store.DeliveryLane;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.QueuedDelivery;
import io.conduit.core.store.StoreException;
import io.conduit.core.store.StoreWrite;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one lane of a destination's queue, in order, on one virtual thread. A destination with
 * one lane has one worker for its whole queue; with several, one worker per lane, each with its own
 * connector (see {@link DeliveryLane}).
 *
 * <p>The queue lives in the store: the worker pages entries after the last one it handled, so
 * memory stays bounded whatever the backlog, and a restart resumes where the store says. Each
 * message is retried with back-off until it is sent or reaches the retry limit; while it retries,
 * the messages behind it wait (order is kept per destination). Completions are submitted without
 * waiting for their commit: a crash in between means the message is delivered again
 * (at-least-once), never lost.
 */
final class DestinationWorker {

    private static final Logger LOG = LoggerFactory.getLogger(DestinationWorker.class);
    private static final int PAGE = 64;
    /** Re-reads the queue this often even without a signal, to see resends queued from outside. */
    private static final long IDLE_POLL_MILLIS = 1000;
    /** How often an idle worker re-reads its queue from the head (see {@link #run}). */
    private static final long RESCAN_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Told when a delivery finished for good (sent, or given up). */
    interface Completion {
        void finished(MessageId id, String destination, boolean sent, String detail, byte @Nullable [] response);
    }

    private final String channel;
    private final ChannelPlan.DestinationPlan plan;
    private final DeliveryLane lane;
    /** This lane's connector. */
    private final io.conduit.core.connector.Destination destination;
    private final MessageStore store;
    private final InstantSource clock;
    private final Completion completion;
    private final ChannelCounters counters;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private volatile @Nullable Thread thread;
    /** The last completion submitted; a restart must not read the queue before it commits. */
    private volatile CompletableFuture<Void> lastCompletion = CompletableFuture.completedFuture(null);

    private final DeliveryObserver observer;

    DestinationWorker(String channel, ChannelPlan.DestinationPlan plan, DeliveryLane lane, MessageStore store, InstantSource clock,
                      Completion completion, ChannelCounters counters, DeliveryObserver observer) {
        this.observer = observer;
        this.channel = channel;
        this.plan = plan;
        this.lane = lane;
        this.destination = plan.lanes().get(lane.index());
        this.store = store;
        this.clock = clock;
        this.completion = completion;
        this.counters = counters;
    }

    void start() throws Exception {
        Thread previous = thread;
        if (previous != null && previous.isAlive()) {
            throw new IllegalStateException("the previous delivery thread of destination " + plan.name()
                    + " has not stopped yet (a send is still running); start the channel again later");
        }
        destination.start();
        running = true;
        String suffix = lane.count() == 1 ? "" : "-lane" + lane.index();
        thread = Thread.ofVirtual().name("conduit-delivery-" + channel + "-" + plan.name() + suffix).start(this::run);
    }

    /** Whether no delivery thread of this worker is still running (a stopped send may linger). */
    boolean idle() {
        Thread t = thread;
        return t == null || !t.isAlive();
    }

    private void observe(QueuedDelivery entry, java.time.Instant now) {
        try {
            observer.sent(channel, plan.name(), Duration.between(entry.receivedAt(), now));
        } catch (RuntimeException e) {
            LOG.debug("delivery observer failed: {}", e.toString());
        }
    }

    /** Set by {@link #retryNow()}, cleared when the back-off wait it cut short ends. */
    private volatile boolean retryNow;

    void signal() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    /** Cuts a back-off wait short: the next attempt starts now (an operator's "retry now"). */
    void retryNow() {
        retryNow = true;
        signal();
    }

    String destinationName() {
        return plan.name();
    }

    void requestStop() {
        running = false;
        signal();
    }

    /** How long a stop waits for the current attempts to end before interrupting them. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** How long a stop waits after interrupting. */
    static final Duration STOP_AFTER_INTERRUPT = Duration.ofSeconds(5);

    /** Waits (after {@link #requestStop()}) until the delivery thread ends or {@code deadlineNanos} passes. */
    void awaitThread(long deadlineNanos) {
        Thread t = thread;
        if (t == null) {
            return;
        }
        try {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                t.join(Duration.ofNanos(left));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Interrupts a delivery thread still inside an attempt. */
    void interruptIfRunning() {
        Thread t = thread;
        if (t != null && t.isAlive()) {
            t.interrupt();
        }
    }

    /**
     * Waits for the delivery thread until {@code deadlineNanos}, then for the last outcome to be
     * recorded, and closes the lane's connections.
     */
    void finishStop(long deadlineNanos) {
        Thread t = thread;
        if (t != null) {
            awaitThread(deadlineNanos);
            if (t.isAlive()) {
                // Still inside a send that ignores interrupts: keep the reference, so that start()
                // refuses to run a second worker on the same queue.
                LOG.warn("channel {} destination {}: delivery thread did not stop within 15 s", channel, plan.name());
            } else {
                thread = null;
            }
        }
        awaitLastCompletion();
        destination.close();
    }

    int laneIndex() {
        return lane.index();
    }

    private void run() {
        long lastSeq = 0;
        long lastRescan = System.nanoTime();
        Deque<QueuedDelivery> page = new ArrayDeque<>();
        while (running) {
            try {
                if (page.isEmpty()) {
                    wakeUp.drainPermits();
                    List<QueuedDelivery> next = store.pending(channel, plan.name(), lane, lastSeq, PAGE);
                    if (next.isEmpty()) {
                        if (lastSeq != 0 && System.nanoTime() - lastRescan > RESCAN_NANOS) {
                            // Seqs are not always visible in seq order (PostgreSQL takes them at
                            // insert; another process may commit a lower one later), so now and
                            // then look at the whole queue again. Waiting for our last completion
                            // first means nothing already delivered is still marked queued.
                            awaitLastCompletion();
                            lastSeq = 0;
                            lastRescan = System.nanoTime();
                            continue;
                        }
                        wakeUp.tryAcquire(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                        continue;
                    }
                    page.addAll(next);
                }
                QueuedDelivery entry = page.poll();
                if (deliver(entry)) {
                    lastSeq = entry.seq();
                } else {
                    page.clear();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (StoreException e) {
                LOG.error("channel {} destination {}: cannot read the queue: {}; retrying", channel, plan.name(), e.getMessage());
                if (!pause(Duration.ofSeconds(1))) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.error("channel {} destination {}: unexpected failure in delivery loop", channel, plan.name(), e);
                page.clear(); // re-read from the store: an entry taken from the page must not be skipped
                lastSeq = 0;
                awaitLastCompletion();
                if (!pause(Duration.ofSeconds(1))) {
                    return;
                }
            }
        }
    }

    /**
     * Sends one entry until it is sent, given up, or the worker stops.
     *
     * @return true when the entry left the queue; false when the worker is stopping
     */
    private boolean deliver(QueuedDelivery entry) throws InterruptedException {
        int attempts = entry.attempts();
        RetryPolicy retry = plan.retry();
        while (running) {
            attempts++;
            DeliveryResult result = send(entry, attempts);
            Instant now = clock.instant();
            switch (result) {
                case DeliveryResult.Sent sent -> {
                    complete(entry, MessageStatus.SENT, attempts, sent.detail(), sent.response(), now);
                    counters.sent.incrementAndGet();
                    observe(entry, now);
                    return true;
                }
                case DeliveryResult.Fail fail -> {
                    complete(entry, MessageStatus.ERRORED, attempts, fail.reason(), fail.response(), now);
                    counters.errored.incrementAndGet();
                    LOG.warn("channel {} destination {}: message {} refused: {}", channel, plan.name(), entry.id(),
                            loggable(fail.reason(), fail.response()));
                    return true;
                }
                case DeliveryResult.Retry r -> {
                    counters.sendFailures.incrementAndGet();
                    if (attempts >= retry.maxAttempts()) {
                        String reason = "gave up after " + attempts + " attempt(s): " + r.reason();
                        complete(entry, MessageStatus.ERRORED, attempts, reason, r.response(), now);
                        counters.errored.incrementAndGet();
                        LOG.warn("channel {} destination {}: message {} gave up after {} attempt(s): {}", channel,
                                plan.name(), entry.id(), attempts, loggable(r.reason(), r.response()));
                        return true;
                    }
                    store.submit(List.of(
                            new StoreWrite.RecordAttempt(entry.id(), plan.name(), attempts, r.reason()),
                            new StoreWrite.AddStage(entry.id(), plan.name(), Stage.SEND_FAILED, now,
                                    "attempt " + attempts + ": " + r.reason(), r.response())));
                    Duration delay = retry.delayAfter(attempts);
                    LOG.info("channel {} destination {}: message {} attempt {} failed ({}); retrying in {} ms",
                            channel, plan.name(), entry.id(), attempts, loggable(r.reason(), r.response()), delay.toMillis());
                    if (!pause(delay)) {
                        return false;
                    }
                }
            }
        }
        return false;
    }

    /**
     * A failure reason fit for the application log. When the peer answered, the reason quotes its
     * answer (e.g. an ACK's error text), which may hold PHI: the log then only says so, and the
     * text stays with the message in the store.
     */
    private static String loggable(String reason, byte @Nullable [] response) {
        return response == null ? reason : "the peer's answer is stored with the message";
    }

    private DeliveryResult send(QueuedDelivery entry, int attempt) throws InterruptedException {
        OutboundMessage message = new OutboundMessage(entry.id(), channel, entry.receivedAt(), entry.content(),
                entry.charset(), entry.metadata(), attempt);
        try {
            return destination.send(message);
        } catch (InterruptedException e) {
            throw e;
        } catch (RuntimeException e) {
            // A connector bug fails this attempt, not the worker. Its text may quote content: class only.
            return DeliveryResult.retry("unexpected " + e.getClass().getSimpleName() + " in the destination");
        }
    }

    private void complete(QueuedDelivery entry, MessageStatus status, int attempts, String detail,
                          byte @Nullable [] response, Instant now) {
        lastCompletion = store.submit(List.of(
                        new StoreWrite.CompleteDelivery(entry.id(), plan.name(), status, attempts, detail, response, now)))
                .whenComplete((ok, error) -> {
                    if (error != null) {
                        LOG.error("channel {} destination {}: could not record the outcome of message {}: {}; "
                                + "it will be delivered again", channel, plan.name(), entry.id(), error.toString());
                    }
                    completion.finished(entry.id(), plan.name(), status == MessageStatus.SENT && error == null, detail, response);
                })
                .exceptionally(error -> null);
    }

    /** Waits until the last completion submitted is committed (or failed), at most 10 s. */
    private void awaitLastCompletion() {
        try {
            lastCompletion.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("channel {} destination {}: last outcome not recorded: {}", channel, plan.name(), e.toString());
        }
    }

    /** Sleeps unless stopped; returns false when the worker is stopping. */
    private boolean pause(Duration delay) {
        // A "retry now" asked for before this wait began was for no wait at all: it must not cut this one short.
        retryNow = false;
        long deadline = System.nanoTime() + delay.toNanos();
        try {
            while (running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                if (retryNow) {
                    retryNow = false;
                    return true;
                }
                // A signal (resend, stop) wakes the sleep early; keep sleeping unless stopping or told to retry now.
                wakeUp.tryAcquire(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
