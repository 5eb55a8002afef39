package io.conduit.core.runtime;

import io.conduit.core.connector.MessageReceiver;
import io.conduit.core.datatype.DataType;
import io.conduit.core.datatype.MessageFormatException;
import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.datatype.ReceiveResult;
import io.conduit.core.message.Message;
import io.conduit.core.message.MessageId;
import io.conduit.core.message.MessageIdGenerator;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.message.Stage;
import io.conduit.core.store.DeliveryLane;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.StoreException;
import io.conduit.core.store.StoreWrite;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import io.conduit.core.pipeline.NamedStep;
import io.conduit.core.pipeline.StepException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running channel: receives from its source, runs filters and transformers, stores the
 * message with its destination queue entries in one atomic write, and lets one delivery worker
 * per destination lane send from the queue (one lane per destination unless it sets {@code lanes}).
 *
 * <p><b>Guarantee:</b> {@link #receive} returns {@link ReceiveResult.Accepted} only after the
 * message and its queue entries are durably committed (store, then acknowledge). Everything a
 * source gives it ends up stored: malformed input is stored as ERRORED with its reason.
 *
 * <p><b>Lifecycle:</b> start (destinations, then workers, then source), pause (source only),
 * resume, stop (source, then workers, then destinations). Lifecycle methods are serialised by a
 * lock; {@link #receive} is called concurrently by the source's connection threads.
 */
public final class Channel implements MessageReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(Channel.class);

    private final ChannelPlan plan;
    private final Pipeline pipeline;
    private final MessageStore store;
    private final MessageIdGenerator ids;
    private final InstantSource clock;
    private final List<DestinationWorker> workers;
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final Map<MessageId, DeliveryWaiter> waiters = new ConcurrentHashMap<>();
    private final ChannelCounters counters;
    private volatile ChannelState state = ChannelState.DEPLOYED;
    private volatile @Nullable String failure;

    Channel(ChannelPlan plan, MessageStore store, MessageIdGenerator ids, InstantSource clock, DeliveryObserver observer) {
        this(plan, store, ids, clock, new ChannelCounters(), observer);
    }

    /** @param counters carried over from the version this channel replaces, so totals do not reset on redeploy */
    Channel(ChannelPlan plan, MessageStore store, MessageIdGenerator ids, InstantSource clock, ChannelCounters counters,
            DeliveryObserver observer) {
        this.counters = counters;
        this.plan = plan;
        this.pipeline = plan.pipeline();
        this.store = store;
        this.ids = ids;
        this.clock = clock;
        List<DestinationWorker> list = new ArrayList<>();
        for (ChannelPlan.DestinationPlan d : plan.destinations()) {
            for (int lane = 0; lane < d.lanes().size(); lane++) {
                list.add(new DestinationWorker(plan.name(), d, new DeliveryLane(lane, d.lanes().size()), store, clock,
                        this::deliveryFinished, counters, observer));
            }
        }
        this.workers = List.copyOf(list);
        plan.receiver().bind(this);
    }

    public String name() {
        return plan.name();
    }

    public ChannelState state() {
        return state;
    }

    /** Why the last start failed, while the channel is FAILED. */
    public Optional<String> failure() {
        return state == ChannelState.FAILED ? Optional.ofNullable(failure) : Optional.empty();
    }

    /** Whether the channel file enables it (a disabled channel is deployed but not started). */
    public boolean enabled() {
        return plan.enabled();
    }

    /** The file this channel was loaded from, relative to the config directory. */
    public String file() {
        return plan.file();
    }

    public List<String> destinationNames() {
        return plan.destinations().stream().map(ChannelPlan.DestinationPlan::name).toList();
    }

    /** Destinations already warned about a message without their lane key (once each is enough). */
    private final java.util.Set<String> warnedMissingLaneKey = ConcurrentHashMap.newKeySet();

    /** The lane of {@code message}'s entry in the queue of {@code destination}. */
    private int lane(String destination, Message message) {
        for (ChannelPlan.DestinationPlan d : plan.destinations()) {
            if (d.name().equals(destination)) {
                if (d.laneKey() != null && message.metadata().getOrNull(d.laneKey()) == null
                        && warnedMissingLaneKey.add(d.name())) {
                    // A misspelt key, or a data type that does not extract it, would quietly use one lane.
                    LOG.warn("channel {} destination {}: message {} has no metadata '{}' (its laneKey); messages without it "
                            + "all go through lane 0", plan.name(), d.name(), message.id(), d.laneKey());
                }
                return d.lane(message.metadata());
            }
        }
        return 0;
    }

    /** Where the channel's source listens, when it is a started listener. */
    public Optional<java.net.InetSocketAddress> listenAddress() {
        return plan.source().listenAddress();
    }

    /** Live counters since the channel was first deployed (kept across redeploys). */
    public ChannelCounters counters() {
        return counters;
    }

    // ---- lifecycle ----------------------------------------------------------------------------

    /** Starts destinations, delivery workers, then the source. A failed start stops what started. */
    public void start() throws Exception {
        lifecycle.lock();
        try {
            if (state == ChannelState.STARTED) {
                return;
            }
            if (state == ChannelState.PAUSED) {
                resume();
                return;
            }
            if (state == ChannelState.UNDEPLOYED) {
                throw new IllegalStateException("channel " + plan.name() + " is undeployed");
            }
            state = ChannelState.STARTING;
            try {
                for (ChannelPlan.DestinationPlan d : plan.destinations()) {
                    // What was queued under another lane count or key must not be overtaken by
                    // newer messages of the same key: put it in the lanes of this version first.
                    store.assignLanes(plan.name(), d.name(), d.lanes().size(), d::lane);
                }
                for (DestinationWorker w : workers) {
                    w.start();
                }
                plan.source().start();
                state = ChannelState.STARTED;
                failure = null;
                LOG.info("channel {} started ({} destination(s), {} delivery lane(s))", plan.name(), plan.destinations().size(),
                        workers.size());
            } catch (Exception e) {
                state = ChannelState.FAILED;
                failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                stopWorkers();
                throw e;
            }
        } finally {
            lifecycle.unlock();
        }
    }

    /** Stops the source (senders are refused); destinations keep delivering what is queued. */
    public void pause() {
        lifecycle.lock();
        try {
            if (state == ChannelState.STARTED) {
                plan.source().stop();
                state = ChannelState.PAUSED;
                LOG.info("channel {} paused", plan.name());
            }
        } finally {
            lifecycle.unlock();
        }
    }

    /** Restarts the source of a paused channel. */
    public void resume() throws Exception {
        lifecycle.lock();
        try {
            if (state == ChannelState.PAUSED) {
                plan.source().start();
                state = ChannelState.STARTED;
                LOG.info("channel {} resumed", plan.name());
            }
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Graceful stop: the source stops taking messages and answers those in flight, then each
     * worker finishes its current attempt. Queued messages stay in the store for the next start.
     */
    public void stop() {
        lifecycle.lock();
        try {
            if (state == ChannelState.STOPPED || state == ChannelState.DEPLOYED || state == ChannelState.UNDEPLOYED) {
                return;
            }
            state = ChannelState.STOPPING;
            try {
                plan.source().stop();
            } catch (RuntimeException e) {
                LOG.warn("channel {}: source did not stop cleanly: {}", plan.name(), e.toString());
            }
            stopWorkers();
            state = ChannelState.STOPPED;
            LOG.info("channel {} stopped", plan.name());
        } finally {
            lifecycle.unlock();
        }
    }

    /** Stops and releases the channel's connectors for good. */
    public void undeploy() {
        stop();
        for (ChannelPlan.DestinationPlan d : plan.destinations()) {
            d.lanes().forEach(io.conduit.core.connector.Destination::close);
        }
        state = ChannelState.UNDEPLOYED;
    }

    private void stopWorkers() {
        for (DestinationWorker w : workers) {
            w.requestStop();
        }
        // One deadline for all lanes: stuck sends on many lanes must not add up their waits.
        long graceEnds = System.nanoTime() + DestinationWorker.STOP_GRACE.toNanos();
        for (DestinationWorker w : workers) {
            w.awaitThread(graceEnds);
        }
        workers.forEach(DestinationWorker::interruptIfRunning);
        long lastWaitEnds = System.nanoTime() + DestinationWorker.STOP_AFTER_INTERRUPT.toNanos();
        for (DestinationWorker w : workers) {
            w.finishStop(lastWaitEnds);
        }
    }

    /**
     * Whether every delivery thread has ended. After {@link #stop()} a send that ignores
     * interruption may still run; a new version of the channel must not start a second worker on
     * the same queue meanwhile.
     */
    boolean deliveryStopped() {
        return workers.stream().allMatch(DestinationWorker::idle);
    }

    /**
     * Makes a destination's worker try its queue now instead of finishing a back-off wait (after
     * an operator fixed the peer, say). Retry limits and order are unchanged.
     *
     * @throws IllegalArgumentException when the channel has no such destination
     */
    public void retryNow(String destination) {
        List<DestinationWorker> lanes = workers.stream().filter(w -> w.destinationName().equals(destination)).toList();
        if (lanes.isEmpty()) {
            throw new IllegalArgumentException("channel " + plan.name() + " has no destination '" + destination + "'");
        }
        lanes.forEach(DestinationWorker::retryNow);
    }

    /** Wakes the lanes that {@code writes} queued something for. */
    private void wakeWorkers(List<StoreWrite> writes) {
        for (StoreWrite w : writes) {
            if (w instanceof StoreWrite.Enqueue e) {
                for (DestinationWorker worker : workers) {
                    if (worker.destinationName().equals(e.destination()) && (e.lane() == null || worker.laneIndex() == e.lane())) {
                        worker.signal();
                    }
                }
            }
        }
    }

    /** Wakes the delivery workers, e.g. after a resend was queued. */
    void wakeWorkers() {
        for (DestinationWorker w : workers) {
            w.signal();
        }
    }


    // ---- receiving ----------------------------------------------------------------------------

    @Override
    public ReceiveResult receive(byte[] raw, String origin) {
        return receive(raw, origin, null);
    }

    /**
     * Receives a message made from another one ({@code parent}): handed over by another channel's
     * {@code channel} destination. The lineage is stored with the message.
     */
    @Override
    public ReceiveResult receive(byte[] raw, String origin, @Nullable MessageId parent) {
        ChannelState s = state;
        if (s != ChannelState.STARTED && s != ChannelState.STARTING) {
            return new ReceiveResult.Failed(null, "channel " + plan.name() + " is " + s.name().toLowerCase());
        }
        counters.received.incrementAndGet();
        MessageId id = ids.next();
        Instant now = clock.instant();
        DataType dataType = plan.dataType();
        ParsedMessage parsed;
        try {
            parsed = dataType.parse(raw);
        } catch (MessageFormatException e) {
            return storeRejected(id, now, raw, origin, parent, e);
        } catch (RuntimeException e) {
            // A data type bug must not take the listener down; the message is kept for the operator.
            MessageFormatException wrapped = new MessageFormatException(MessageFormatException.Kind.REJECTED,
                    "could not be parsed: " + e.getClass().getSimpleName(), null, "207");
            return storeRejected(id, now, raw, origin, parent, wrapped);
        }
        Message message = new Message(id, plan.name(), now, raw, parsed.charset(), dataType.name(), parsed.metadata(), origin,
                parent);
        List<StoreWrite> writes = new ArrayList<>(8 + 2 * workers.size());
        Processed processed = !pipeline.splits()
                ? process(message, parsed, writes)
                : split(message, parsed, writes);
        if (processed.failure() != null) {
            LOG.info("channel {}: message {} errored in the pipeline (reason stored with the message)", plan.name(), id);
            return commit(writes, new ReceiveResult.Failed(id, processed.failure()), id);
        }
        boolean filtered = processed.queued() == 0;
        DeliveryWaiter waiter = null;
        if (plan.respondAfter() == RespondAfter.DELIVERED && !filtered) {
            waiter = new DeliveryWaiter(processed.queued());
            waiters.put(id, waiter);
        }
        // The answer describes the message as the sender sent it (its MSH-10), not as transformed.
        ReceiveResult stored = commit(writes, new ReceiveResult.Accepted(id, parsed, filtered), id);
        if (!filtered && stored instanceof ReceiveResult.Accepted) {
            wakeWorkers(writes);
        }
        if (waiter == null || !(stored instanceof ReceiveResult.Accepted)) {
            if (waiter != null) {
                waiters.remove(id);
            }
            return stored;
        }
        return awaitDelivery(id, waiter, stored);
    }

    /** What processing one message added to the writes: how many deliveries it queued, or why it failed. */
    private record Processed(int queued, @Nullable String failure) {
    }

    /**
     * Runs the pipeline for one message and appends its writes (the message row first). A failing
     * step stores the message as ERRORED with the stages it passed.
     */
    private Processed process(Message message, ParsedMessage parsed, List<StoreWrite> writes) {
        MessageId id = message.id();
        Instant now = message.receivedAt();
        int insertAt = writes.size();
        Pipeline.Result result = pipeline.run(parsed);
        if (result instanceof Pipeline.Filtered f) {
            counters.filtered.incrementAndGet();
            writes.add(new StoreWrite.InsertMessage(message, MessageStatus.FILTERED, null));
            writes.add(new StoreWrite.AddStage(id, "", Stage.FILTERED, now, f.rule(), null));
            return new Processed(0, null);
        }
        if (result instanceof Pipeline.Failed f) {
            counters.errored.incrementAndGet();
            writes.add(new StoreWrite.InsertMessage(message, MessageStatus.ERRORED, f.reason()));
            if (f.transformed() != null && f.transformed() != parsed) {
                writes.add(new StoreWrite.AddStage(id, "", Stage.TRANSFORMED, now, null, f.transformed().bytes()));
            }
            writes.add(new StoreWrite.AddStage(id, f.destination(), Stage.ERRORED, now, f.reason(), null));
            return new Processed(0, f.reason());
        }
        Pipeline.Routed routed = (Pipeline.Routed) result;
        byte[] sourceOutput = null;
        if (routed.transformed() != parsed) {
            sourceOutput = routed.transformed().bytes();
            writes.add(new StoreWrite.AddStage(id, "", Stage.TRANSFORMED, now, null, sourceOutput));
        }
        int queued = 0;
        for (Pipeline.DestinationOutcome d : routed.destinations()) {
            if (d.output() == null) {
                writes.add(new StoreWrite.AddStage(id, d.destination(), Stage.FILTERED, now, d.filteredBy(), null));
                continue;
            }
            byte[] payload = null;
            if (d.output() == routed.transformed() && sourceOutput != null) {
                // No steps of its own: it sends the source steps' output, stored once in that stage.
                writes.add(new StoreWrite.Enqueue(id, plan.name(), d.destination(), null, true, lane(d.destination(), message)));
                queued++;
                continue;
            } else if (d.output() != parsed) {
                payload = d.output().bytes();
                if (Arrays.equals(payload, message.content())) {
                    payload = null;
                } else {
                    writes.add(new StoreWrite.AddStage(id, d.destination(), Stage.TRANSFORMED, now, null, payload));
                }
            }
            writes.add(new StoreWrite.Enqueue(id, plan.name(), d.destination(), payload, false, lane(d.destination(), message)));
            queued++;
        }
        if (queued == 0) {
            counters.filtered.incrementAndGet();
        }
        writes.add(insertAt, new StoreWrite.InsertMessage(message, queued == 0 ? MessageStatus.FILTERED : MessageStatus.QUEUED, null));
        return new Processed(queued, null);
    }

    /**
     * Splits a message into children, each stored as its own message pointing to the parent and
     * run through the pipeline; the parent is stored as SPLIT. All of it commits together, and the
     * sender gets a positive answer even when a part errored (that part is kept as ERRORED).
     */
    private Processed split(Message parent, ParsedMessage parsed, List<StoreWrite> writes) {
        List<ParsedMessage> children;
        try {
            children = pipeline.split(parsed);
        } catch (StepException e) {
            String reason = e.getMessage();
            counters.errored.incrementAndGet();
            writes.add(new StoreWrite.InsertMessage(parent, MessageStatus.ERRORED, reason));
            writes.add(new StoreWrite.AddStage(parent.id(), "", Stage.ERRORED, parent.receivedAt(), reason, null));
            return new Processed(0, reason);
        }
        writes.add(new StoreWrite.InsertMessage(parent, MessageStatus.SPLIT, null));
        writes.add(new StoreWrite.AddStage(parent.id(), "", Stage.SPLIT, parent.receivedAt(),
                "split into " + children.size() + " message(s)", null));
        int queued = 0;
        for (ParsedMessage child : children) {
            byte[] bytes = child.bytes();
            Message childMessage = new Message(ids.next(), plan.name(), parent.receivedAt(), bytes, child.charset(),
                    parent.dataType(), child.metadata(), parent.origin(), parent.id());
            // A part failing in the pipeline is stored as ERRORED for the operator; the others go on.
            // The sender is not asked to send again: that would deliver the good parts twice.
            queued += process(childMessage, child, writes).queued();
        }
        return new Processed(queued, null);
    }

    @Override
    public ReceiveResult reject(byte[] content, String reason, String origin) {
        counters.received.incrementAndGet();
        return storeRejected(ids.next(), clock.instant(), content, origin, null,
                new MessageFormatException(MessageFormatException.Kind.REJECTED, reason, null, null));
    }

    private ReceiveResult awaitDelivery(MessageId id, DeliveryWaiter waiter, ReceiveResult stored) {
        try {
            Optional<String> failure = waiter.done.get(plan.deliveryTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (failure.isPresent()) {
                return new ReceiveResult.Failed(id, failure.get());
            }
            byte[] response = waiter.response;
            if (response != null && stored instanceof ReceiveResult.Accepted a) {
                return new ReceiveResult.Accepted(a.id(), a.message(), a.filtered(), answerFrom(id, response));
            }
            return stored;
        } catch (TimeoutException e) {
            return new ReceiveResult.Failed(id, "stored, but not delivered within " + plan.deliveryTimeout().toSeconds()
                    + "s; it stays queued");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ReceiveResult.Failed(id, "interrupted while waiting for delivery; the message stays queued");
        } catch (java.util.concurrent.ExecutionException e) {
            return new ReceiveResult.Failed(id, "delivery wait failed: " + e.getCause());
        } finally {
            waiters.remove(id);
        }
    }

    private void deliveryFinished(MessageId id, String destination, boolean sent, String detail, byte @Nullable [] response) {
        DeliveryWaiter waiter = waiters.get(id);
        if (waiter != null) {
            if (sent && destination.equals(plan.respondWith())) {
                waiter.response = response;
            }
            waiter.finished(destination, sent, detail);
        }
    }

    /**
     * The source's answer built from the {@code respondWith} destination's response, through that
     * destination's {@code responseTransformers}. When they fail, the response goes back as it
     * came (the message was delivered; the sender should not send it again) and the failure is logged.
     */
    private @Nullable byte[] answerFrom(MessageId id, byte[] response) {
        ChannelPlan.DestinationPlan d = plan.destinations().stream()
                .filter(p -> p.name().equals(plan.respondWith())).findFirst().orElseThrow();
        if (d.responseTransformers().isEmpty()) {
            return response;
        }
        try {
            return NamedStep.runAll(d.responseTransformers(), plan.dataType().parse(response)).bytes();
        } catch (MessageFormatException | StepException e) {
            LOG.warn("channel {}: the response of destination {} to message {} could not be transformed ({}); it is "
                    + "relayed unchanged", plan.name(), d.name(), id, e instanceof StepException ? e.getMessage() : "unreadable");
            return response;
        }
    }

    private ReceiveResult storeRejected(MessageId id, Instant now, byte[] raw, String origin, @Nullable MessageId parent,
                                        MessageFormatException e) {
        counters.errored.incrementAndGet();
        // The charset is unknown when parsing failed; ISO-8859-1 keeps every byte readable.
        Message message = new Message(id, plan.name(), now, raw, java.nio.charset.StandardCharsets.ISO_8859_1,
                plan.dataType().name(), e.metadata(), origin, parent);
        List<StoreWrite> writes = List.of(
                new StoreWrite.InsertMessage(message, MessageStatus.ERRORED, e.describe()),
                new StoreWrite.AddStage(id, "", Stage.ERRORED, now, e.describe(), null));
        LOG.info("channel {}: message {} rejected: {}", plan.name(), id, e.describe());
        return commit(writes, new ReceiveResult.Rejected(id, e), id);
    }

    private ReceiveResult commit(List<StoreWrite> writes, ReceiveResult onSuccess, MessageId id) {
        try {
            store.write(writes);
            return onSuccess;
        } catch (StoreException e) {
            counters.storeFailures.incrementAndGet();
            LOG.error("channel {}: could not store message {}: {}", plan.name(), id, e.getMessage());
            return new ReceiveResult.Failed(null, "the engine could not store the message; retry later");
        }
    }

    /** Waits for every destination of one message when the source answers after delivery. */
    private static final class DeliveryWaiter {
        private final AtomicLong remaining;
        private final CompletableFuture<Optional<String>> done = new CompletableFuture<>();
        private volatile String failure;
        private volatile byte @Nullable [] response;

        DeliveryWaiter(int destinations) {
            remaining = new AtomicLong(destinations);
        }

        void finished(String destination, boolean sent, String detail) {
            if (!sent) {
                failure = destination + ": " + detail;
            }
            if (remaining.decrementAndGet() == 0) {
                done.complete(Optional.ofNullable(failure));
            }
        }
    }

    /** A short description for logs and the CLI. */
    @Override
    public String toString() {
        return "Channel[" + plan.name() + ", " + state + "]";
    }

    /** How many messages wait in a destination's queue. */
    public long queueDepth(String destination) throws StoreException {
        return store.queueDepth(plan.name(), destination);
    }
}
