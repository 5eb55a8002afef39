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
import io.conduit.core.pipeline.NamedCondition;
import io.conduit.core.pipeline.NamedStep;
import io.conduit.core.pipeline.StepException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running channel: receives from its source, runs filters and transformers, stores the
 * message with its destination queue entries in one atomic write, and lets one delivery worker
 * per destination send from the queue.
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
    private final MessageStore store;
    private final MessageIdGenerator ids;
    private final InstantSource clock;
    private final List<DestinationWorker> workers;
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final Map<MessageId, DeliveryWaiter> waiters = new ConcurrentHashMap<>();
    private final ChannelCounters counters = new ChannelCounters();
    private volatile ChannelState state = ChannelState.DEPLOYED;

    Channel(ChannelPlan plan, MessageStore store, MessageIdGenerator ids, InstantSource clock) {
        this.plan = plan;
        this.store = store;
        this.ids = ids;
        this.clock = clock;
        List<DestinationWorker> list = new ArrayList<>();
        for (ChannelPlan.DestinationPlan d : plan.destinations()) {
            list.add(new DestinationWorker(plan.name(), d, store, clock, this::deliveryFinished, counters));
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

    /** The file this channel was loaded from, relative to the config directory. */
    public String file() {
        return plan.file();
    }

    public List<String> destinationNames() {
        return plan.destinations().stream().map(ChannelPlan.DestinationPlan::name).toList();
    }

    /** Where the channel's source listens, when it is a started listener. */
    public Optional<java.net.InetSocketAddress> listenAddress() {
        return plan.source().listenAddress();
    }

    /** Live counters since the channel was deployed. */
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
                for (DestinationWorker w : workers) {
                    w.start();
                }
                plan.source().start();
                state = ChannelState.STARTED;
                LOG.info("channel {} started ({} destination(s))", plan.name(), workers.size());
            } catch (Exception e) {
                state = ChannelState.FAILED;
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
            d.destination().close();
        }
        state = ChannelState.UNDEPLOYED;
    }

    private void stopWorkers() {
        for (DestinationWorker w : workers) {
            w.requestStop();
        }
        for (DestinationWorker w : workers) {
            w.awaitStop();
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
            return storeRejected(id, now, raw, origin, e);
        } catch (RuntimeException e) {
            // A data type bug must not take the listener down; the message is kept for the operator.
            MessageFormatException wrapped = new MessageFormatException(MessageFormatException.Kind.REJECTED,
                    "could not be parsed: " + e.getClass().getSimpleName(), null, "207");
            return storeRejected(id, now, raw, origin, wrapped);
        }
        Message message = new Message(id, plan.name(), now, raw, parsed.charset(), dataType.name(), parsed.metadata(), origin);

        List<StoreWrite> writes = new ArrayList<>(4 + 2 * workers.size());
        ParsedMessage current = parsed;
        try {
            Optional<String> rejectedBy = firstRejection(plan.filters(), current);
            if (rejectedBy.isPresent()) {
                counters.filtered.incrementAndGet();
                writes.add(new StoreWrite.InsertMessage(message, MessageStatus.FILTERED, null));
                writes.add(new StoreWrite.AddStage(id, "", Stage.FILTERED, now, rejectedBy.get(), null));
                return commit(writes, new ReceiveResult.Accepted(id, parsed, true), id);
            }
            current = transform(plan.transformers(), current);
        } catch (StepException e) {
            return storeFailed(message, writes, "", e.getMessage());
        }
        if (current != parsed) {
            writes.add(new StoreWrite.AddStage(id, "", Stage.TRANSFORMED, now, null, current.bytes()));
        }

        int queued = 0;
        for (ChannelPlan.DestinationPlan d : plan.destinations()) {
            try {
                Optional<String> rejectedBy = firstRejection(d.filters(), current);
                if (rejectedBy.isPresent()) {
                    writes.add(new StoreWrite.AddStage(id, d.name(), Stage.FILTERED, now, rejectedBy.get(), null));
                    continue;
                }
                ParsedMessage out = transform(d.transformers(), current);
                byte[] payload = null;
                if (out != parsed) {
                    payload = out.bytes();
                    if (Arrays.equals(payload, raw)) {
                        payload = null;
                    } else {
                        writes.add(new StoreWrite.AddStage(id, d.name(), Stage.TRANSFORMED, now, null, payload));
                    }
                }
                writes.add(new StoreWrite.Enqueue(id, plan.name(), d.name(), payload));
                writes.add(new StoreWrite.AddStage(id, d.name(), Stage.QUEUED, now, null, null));
                queued++;
            } catch (StepException e) {
                return storeFailed(message, writes, d.name(), e.getMessage());
            }
        }
        MessageStatus status = queued == 0 ? MessageStatus.FILTERED : MessageStatus.QUEUED;
        if (queued == 0) {
            counters.filtered.incrementAndGet();
        }
        writes.add(0, new StoreWrite.InsertMessage(message, status, null));

        DeliveryWaiter waiter = null;
        if (plan.respondAfter() == RespondAfter.DELIVERED && queued > 0) {
            waiter = new DeliveryWaiter(queued);
            waiters.put(id, waiter);
        }
        // The answer describes the message as the sender sent it (its MSH-10), not as transformed.
        ReceiveResult stored = commit(writes, new ReceiveResult.Accepted(id, parsed, queued == 0), id);
        if (queued > 0 && stored instanceof ReceiveResult.Accepted) {
            wakeWorkers();
        }
        if (waiter == null || !(stored instanceof ReceiveResult.Accepted)) {
            if (waiter != null) {
                waiters.remove(id);
            }
            return stored;
        }
        return awaitDelivery(id, waiter, stored);
    }

    @Override
    public ReceiveResult reject(byte[] content, String reason, String origin) {
        counters.received.incrementAndGet();
        return storeRejected(ids.next(), clock.instant(), content, origin,
                new MessageFormatException(MessageFormatException.Kind.REJECTED, reason, null, null));
    }

    private ReceiveResult awaitDelivery(MessageId id, DeliveryWaiter waiter, ReceiveResult stored) {
        try {
            Optional<String> failure = waiter.done.get(plan.deliveryTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return failure.<ReceiveResult>map(reason -> new ReceiveResult.Failed(id, reason)).orElse(stored);
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

    private void deliveryFinished(MessageId id, String destination, boolean sent, String detail) {
        DeliveryWaiter waiter = waiters.get(id);
        if (waiter != null) {
            waiter.finished(destination, sent, detail);
        }
    }

    /** The label of the first filter that drops the message, or empty when all pass. */
    private static Optional<String> firstRejection(List<NamedCondition> filters, ParsedMessage message) throws StepException {
        for (NamedCondition f : filters) {
            if (!f.passes(message)) {
                return Optional.of(f.label());
            }
        }
        return Optional.empty();
    }

    private static ParsedMessage transform(List<NamedStep> steps, ParsedMessage message) throws StepException {
        return NamedStep.runAll(steps, message);
    }

    private ReceiveResult storeRejected(MessageId id, Instant now, byte[] raw, String origin, MessageFormatException e) {
        counters.errored.incrementAndGet();
        // The charset is unknown when parsing failed; ISO-8859-1 keeps every byte readable.
        Message message = new Message(id, plan.name(), now, raw, java.nio.charset.StandardCharsets.ISO_8859_1,
                plan.dataType().name(), e.metadata(), origin);
        List<StoreWrite> writes = List.of(
                new StoreWrite.InsertMessage(message, MessageStatus.ERRORED, e.describe()),
                new StoreWrite.AddStage(id, "", Stage.ERRORED, now, e.describe(), null));
        LOG.info("channel {}: message {} rejected: {}", plan.name(), id, e.describe());
        return commit(writes, new ReceiveResult.Rejected(id, e), id);
    }

    private ReceiveResult storeFailed(Message message, List<StoreWrite> earlier, String destination, String reason) {
        counters.errored.incrementAndGet();
        List<StoreWrite> writes = new ArrayList<>();
        writes.add(new StoreWrite.InsertMessage(message, MessageStatus.ERRORED, reason));
        for (StoreWrite w : earlier) {
            if (w instanceof StoreWrite.AddStage) {
                writes.add(w);
            }
        }
        writes.add(new StoreWrite.AddStage(message.id(), destination, Stage.ERRORED, message.receivedAt(), reason, null));
        LOG.info("channel {}: message {} errored in the pipeline (reason stored with the message)", plan.name(), message.id());
        return commit(writes, new ReceiveResult.Failed(message.id(), reason), message.id());
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
