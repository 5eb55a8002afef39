package io.conduit.core.runtime;

import io.conduit.core.config.ConfigException;
import io.conduit.core.message.MessageId;
import io.conduit.core.message.MessageIdGenerator;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.message.Stage;
import io.conduit.core.store.DeliveryRecord;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.StoreException;
import io.conduit.core.store.StoreWrite;
import io.conduit.core.store.StoredMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service manager: loads a config directory, opens the store, deploys every channel and
 * starts and stops them in order.
 *
 * <p>Start order: store, then each enabled channel (destinations before sources). Stop order is
 * the reverse, and graceful: sources answer what they are handling, workers finish their current
 * attempt, then the store commits what was submitted. Queued messages resume on the next start.
 */
public final class Engine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final ServerConfig server;
    private final MessageStore store;
    /** Copy-on-write under {@link #lifecycle}: readers see a consistent map without locking. */
    private volatile Map<String, Channel> channels;
    private final Map<String, String> fingerprints = new java.util.HashMap<>();
    private final InstantSource clock;
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final ConfigDirectory config;
    private final ChannelDirectory directory;
    private final MessageIdGenerator ids;
    private boolean started;
    private boolean closed;
    private volatile DeliveryObserver deliveryObserver = DeliveryObserver.NONE;
    /** Every channel reports to this, which forwards to whatever observer is set now. */
    private final DeliveryObserver deliveries = (c, d, t) -> deliveryObserver.sent(c, d, t);

    private Engine(ServerConfig server, MessageStore store, ConfigDirectory config, List<ChannelPlan> plans,
                   ChannelDirectory directory, InstantSource clock) {
        this.directory = directory;
        this.server = server;
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.ids = new MessageIdGenerator(clock);
        Map<String, Channel> map = new LinkedHashMap<>();
        for (ChannelPlan plan : plans) {
            Channel channel = new Channel(plan, store, ids, clock, deliveries);
            map.put(plan.name(), channel);
            directory.put(channel);
            fingerprints.put(plan.name(), fingerprint(plan));
        }
        this.channels = java.util.Collections.unmodifiableMap(map);
    }

    /**
     * Validates the config directory, opens the store and deploys every channel (nothing starts).
     *
     * @throws ConfigException listing every configuration problem
     * @throws StoreException  when the store cannot be opened
     */
    public static Engine load(ConfigDirectory config, InstantSource clock) throws ConfigException, StoreException {
        ServerConfig server = config.server();
        ChannelDirectory directory = new ChannelDirectory();
        List<ChannelPlan> plans = config.channels(server.dataDirectory(), directory);
        try {
            Files.createDirectories(server.dataDirectory());
        } catch (IOException e) {
            throw new StoreException("cannot create the data directory " + server.dataDirectory() + ": " + e.getMessage(), e);
        }
        MessageStore store = server.storeFactory().open(server.storeSettings());
        return new Engine(server, store, config, plans, directory, clock);
    }

    /** Reports every accepted delivery to {@code observer} from now on ({@link DeliveryObserver#NONE} to stop). */
    public void observeDeliveries(DeliveryObserver observer) {
        deliveryObserver = observer;
    }

    public ServerConfig server() {
        return server;
    }

    public MessageStore store() {
        return store;
    }

    public Collection<Channel> channels() {
        return channels.values();
    }

    /** The config directory the engine was loaded from. */
    public java.nio.file.Path configDirectory() {
        return config.path();
    }

    /**
     * Checks the config directory as it is on disk now, without deploying anything.
     *
     * @return the channels it defines
     * @throws ConfigException listing every problem
     */
    public List<String> validateConfig() throws ConfigException {
        return config.validate();
    }

    /** What an operator can do to a running channel. */
    public enum ChannelOperation { START, STOP, PAUSE, RESUME }

    /**
     * Starts, stops, pauses or resumes a channel on an operator's request, recorded in the audit
     * log before it happens.
     *
     * @throws IllegalArgumentException when there is no such channel
     * @throws Exception                when a start or resume fails (the channel is then FAILED)
     */
    public Channel operate(String channelName, ChannelOperation operation, Operator by) throws Exception {
        Channel channel = channel(channelName).orElseThrow(() -> new IllegalArgumentException("no channel " + channelName));
        String action = operation.name().toLowerCase(java.util.Locale.ROOT);
        store.write(List.of(by.audit(action, channelName, List.of(), action + " requested (was "
                + channel.state().name().toLowerCase(java.util.Locale.ROOT) + ")", clock.instant())));
        switch (operation) {
            case START -> channel.start();
            case STOP -> channel.stop();
            case PAUSE -> channel.pause();
            case RESUME -> channel.resume();
        }
        return channel;
    }

    /**
     * Runs a stored message through its channel again, as a new message whose parent is the
     * original (the original keeps its history). Recorded in the audit log first.
     *
     * @throws StoreException when there is no such message or its channel is not deployed
     */
    public io.conduit.core.datatype.ReceiveResult reprocess(MessageId id, Operator by) throws StoreException {
        StoredMessage stored = store.find(id).orElseThrow(() -> new StoreException("no message " + id));
        String channelName = stored.message().channel();
        Channel channel = channels.get(channelName);
        if (channel == null) {
            throw new StoreException("channel " + channelName + " of message " + id + " is not deployed");
        }
        store.write(List.of(by.audit("reprocess", channelName, List.of(id.toString()),
                "run through the channel again as a new message", clock.instant())));
        return channel.receive(stored.message().content(), "reprocess of " + id + " by " + by.name(), id);
    }

    public Optional<Channel> channel(String name) {
        return Optional.ofNullable(channels.get(name));
    }

    /**
     * Starts every enabled channel. A channel that fails to start (its port is taken, say) is left
     * FAILED with its reason ({@link Channel#failure()}) while the others run: one feed's problem
     * must not stop every feed, and readiness reports it. Throws only when no enabled channel
     * could start.
     */
    public void start() throws Exception {
        lifecycle.lock();
        try {
            if (started) {
                return;
            }
            int enabledChannels = 0;
            List<String> failures = new ArrayList<>();
            Exception first = null;
            for (Channel channel : channels.values()) {
                if (!channel.enabled()) {
                    LOG.info("channel {} is disabled; not started", channel.name());
                    continue;
                }
                enabledChannels++;
                try {
                    channel.start();
                } catch (Exception e) {
                    LOG.error("channel {} ({}) failed to start: {}", channel.name(), channel.file(), e.getMessage());
                    failures.add("channel " + channel.name() + " (" + channel.file() + ") failed to start: " + e.getMessage());
                    first = first == null ? e : first;
                }
            }
            started = true;
            if (enabledChannels > 0 && failures.size() == enabledChannels) {
                throw new Exception(String.join("; ", failures), first);
            }
        } finally {
            lifecycle.unlock();
        }
    }

    /** What a redeploy changed, by channel name. */
    public record Redeploy(List<String> deployed, List<String> redeployed, List<String> undeployed, List<String> unchanged) {
        /** Whether anything changed. */
        public boolean changedAnything() {
            return !deployed.isEmpty() || !redeployed.isEmpty() || !undeployed.isEmpty();
        }
    }

    /**
     * Reads the config directory again and applies what changed, without restarting the engine:
     * a channel whose file changed is stopped gracefully (its source answers what it holds, its
     * workers finish their attempt) and replaced; new files are deployed, removed ones undeployed.
     * Queued messages stay in the store, so the new version of a channel delivers them. When the
     * directory holds any error nothing changes; when a new version fails to start, the old one
     * is started again and the failure is thrown.
     *
     * @throws ConfigException listing every problem of the changed directory
     */
    public Redeploy redeploy() throws Exception {
        return redeploy(Operator.ENGINE);
    }

    /** Like {@link #redeploy()}, recorded in the audit log as done by {@code by} when anything changed. */
    public Redeploy redeploy(Operator by) throws Exception {
        lifecycle.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the engine is closed");
            }
            config.rescanLookups();
            List<ChannelPlan> plans = config.channels(server.dataDirectory(), directory);
            refuseToStrandQueuedMessages(plans);
            // Applied one channel at a time; whatever happens, the published map is what runs.
            Map<String, Channel> next = new LinkedHashMap<>(channels);
            List<String> deployed = new ArrayList<>();
            List<String> redeployed = new ArrayList<>();
            List<String> unchanged = new ArrayList<>();
            List<String> undeployed = new ArrayList<>();
            try {
                for (ChannelPlan plan : plans) {
                    Channel current = channels.get(plan.name());
                    String print = fingerprint(plan);
                    if (current != null && print.equals(fingerprints.get(plan.name()))) {
                        unchanged.add(plan.name());
                        continue;
                    }
                    Channel replacement = current == null ? new Channel(plan, store, ids, clock, deliveries)
                            : new Channel(plan, store, ids, clock, current.counters(), deliveries);
                    if (current == null) {
                        if (started && replacement.enabled()) {
                            try {
                                replacement.start();
                            } catch (Exception e) {
                                replacement.undeploy();
                                throw new Exception("new channel " + plan.name() + " (" + plan.file() + ") failed to start: "
                                        + e.getMessage(), e);
                            }
                        }
                        deployed.add(plan.name());
                    } else {
                        replace(current, replacement);
                        redeployed.add(plan.name());
                    }
                    next.put(plan.name(), replacement);
                    directory.put(replacement);
                    fingerprints.put(plan.name(), print);
                }
                java.util.Set<String> names = new java.util.HashSet<>();
                plans.forEach(p -> names.add(p.name()));
                for (Channel old : channels.values()) {
                    if (!names.contains(old.name())) {
                        old.undeploy();
                        next.remove(old.name());
                        directory.remove(old.name(), old);
                        fingerprints.remove(old.name());
                        undeployed.add(old.name());
                    }
                }
            } finally {
                channels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(next));
            }
            Redeploy result = new Redeploy(deployed, redeployed, undeployed, unchanged);
            if (result.changedAnything()) {
                store.write(List.of(by.audit("redeploy", "", List.of(),
                        "new " + deployed + ", changed " + redeployed + ", removed " + undeployed, clock.instant())));
                LOG.info("redeployed: new {}, changed {}, removed {}", deployed, redeployed, undeployed);
            }
            return result;
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * A redeploy must not leave queued messages without a worker: a removed channel or destination
     * with a non-empty queue is refused (deliver or resend them first).
     */
    private void refuseToStrandQueuedMessages(List<ChannelPlan> plans) throws StoreException {
        Map<String, ChannelPlan> byName = new java.util.HashMap<>();
        plans.forEach(p -> byName.put(p.name(), p));
        for (Channel old : channels.values()) {
            ChannelPlan plan = byName.get(old.name());
            for (String destination : old.destinationNames()) {
                boolean kept = plan != null && plan.destinations().stream().anyMatch(d -> d.name().equals(destination));
                long depth = kept ? 0 : store.queueDepth(old.name(), destination);
                if (depth > 0) {
                    throw new IllegalStateException("redeploy refused: " + (plan == null ? "channel " + old.name() + " was removed"
                            : "destination " + destination + " was removed from channel " + old.name()) + " while " + depth
                            + " message(s) wait in its queue; keep it until they are delivered (or resend them elsewhere)");
                }
            }
        }
    }

    /** Swaps a running channel for its new version, restarting the old one if the new one fails. */
    private void replace(Channel current, Channel replacement) throws Exception {
        boolean wasRunning = current.state() == ChannelState.STARTED || current.state() == ChannelState.PAUSED;
        current.stop();
        if (!current.deliveryStopped()) {
            // A send that ignores interruption still runs: a second worker would send its message again.
            replacement.undeploy();
            throw new IllegalStateException("channel " + current.name() + " was stopped but not redeployed: a delivery of "
                    + "its previous version is still running (a send that ignores interruption); redeploy again once it ends");
        }
        if (wasRunning || started && replacement.enabled()) {
            try {
                if (replacement.enabled()) {
                    replacement.start();
                }
            } catch (Exception e) {
                replacement.undeploy();
                if (wasRunning) {
                    current.start();
                }
                throw new Exception("channel " + replacement.name() + " (" + replacement.file() + ") failed to start; "
                        + "the previous version runs again: " + e.getMessage(), e);
            }
        }
        current.undeploy();
    }

    /**
     * The channel file's content and the files its steps read (templates, scripts, libraries): a
     * redeploy replaces only channels where one of them changed.
     */
    private String fingerprint(ChannelPlan plan) {
        try {
            byte[] bytes = Files.readAllBytes(config.path().resolve(plan.file()));
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes))
                    + "/" + plan.usedFilesDigest();
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            return "unreadable:" + System.nanoTime();
        }
    }

    /**
     * Queues a stored message again for one destination, or for every destination it was queued
     * for before when {@code destination} is empty. Returns the destinations it was queued for.
     */
    public List<String> resend(MessageId id, Optional<String> destination) throws StoreException {
        return resend(id, destination, Operator.ENGINE);
    }

    /** Who asks for an operation, for the audit log: a user or token name and where the request came from. */
    public record Operator(String name, String address) {
        /** The engine itself (an API call with no user behind it). */
        public static final Operator ENGINE = new Operator("engine", "local");

        /** The OS user running the command line. */
        public static Operator commandLine() {
            return new Operator(System.getProperty("user.name", "unknown"), "cli");
        }

        /** The audit entry saying this operator did {@code action}, to write with (or before) the operation. */
        public StoreWrite audit(String action, String channel, List<String> messageIds, String detail, java.time.Instant at) {
            return new StoreWrite.AppendAudit(new io.conduit.core.audit.AuditEvent(name, address, action, channel, messageIds,
                    detail), at);
        }
    }

    /** Like {@link #resend(MessageId, Optional)}, recorded in the audit log (in the same commit) as done by {@code by}. */
    public List<String> resend(MessageId id, Optional<String> destination, Operator by) throws StoreException {
        StoredMessage stored = store.find(id).orElseThrow(() -> new StoreException("no message " + id));
        if (stored.status() == MessageStatus.SPLIT) {
            throw new StoreException("message " + id + " was split into " + store.children(id).size()
                    + " message(s); resend those (conduit messages --show " + id + " lists them)");
        }
        String channelName = stored.message().channel();
        Channel channel = channels.get(channelName);
        List<String> targets = new ArrayList<>();
        if (destination.isPresent()) {
            if (channel != null && !channel.destinationNames().contains(destination.get())) {
                throw new StoreException("channel " + channelName + " has no destination '" + destination.get()
                        + "'; it has " + channel.destinationNames());
            }
            boolean queuedBefore = store.deliveries(id).stream().anyMatch(d -> d.destination().equals(destination.get()));
            if (!queuedBefore) {
                // Its filter dropped it (or the destination came later): sending it now would skip
                // that destination's filter and transformer.
                throw new StoreException("message " + id + " was never queued for destination '" + destination.get()
                        + "' (filtered, or the destination was added later); it can be resent only where it was queued");
            }
            targets.add(destination.get());
        } else {
            for (DeliveryRecord d : store.deliveries(id)) {
                targets.add(d.destination());
            }
            if (targets.isEmpty()) {
                // Filtered, or failed before routing: sending the received content now would skip
                // the router, filters and transformers.
                throw new StoreException("message " + id + " was never queued for any destination (status "
                        + stored.status().name().toLowerCase() + "); it cannot be resent");
            }
        }
        List<StoreWrite> writes = new ArrayList<>();
        requeue(id, channelName, targets, clock.instant(), writes);
        writes.add(by.audit("resend", channelName, List.of(id.toString()), "queued again for " + targets, clock.instant()));
        store.write(writes);
        wake(channel);
        LOG.info("message {} queued again for {}", id, targets);
        return targets;
    }

    /**
     * Resends every message whose delivery to {@code destination} is ERRORED, in one commit;
     * returns how many.
     */
    public int resendErrored(String channelName, String destination, int limit) throws StoreException {
        return resendErrored(channelName, destination, limit, Operator.ENGINE);
    }

    /** Like {@link #resendErrored(String, String, int)}, recorded in the audit log as done by {@code by}. */
    public int resendErrored(String channelName, String destination, int limit, Operator by) throws StoreException {
        Channel channel = channels.get(channelName);
        if (channel != null && !channel.destinationNames().contains(destination)) {
            throw new StoreException("channel " + channelName + " has no destination '" + destination
                    + "'; it has " + channel.destinationNames());
        }
        List<MessageId> ids = store.deliveriesWithStatus(channelName, destination, MessageStatus.ERRORED, limit);
        List<StoreWrite> writes = new ArrayList<>();
        java.time.Instant now = clock.instant();
        for (MessageId id : ids) {
            requeue(id, channelName, List.of(destination), now, writes);
        }
        writes.add(by.audit("resend-errored", channelName, ids.stream().map(MessageId::toString).toList(),
                ids.size() + " errored message(s) queued again for " + destination, now));
        store.write(writes);
        wake(channel);
        LOG.info("{} errored message(s) of {} queued again for {}", ids.size(), channelName, destination);
        return ids.size();
    }

    /** The writes that put a stored message back in the queues of {@code targets}. */
    private static void requeue(MessageId id, String channelName, List<String> targets, java.time.Instant now,
                                List<StoreWrite> writes) {
        for (String target : targets) {
            writes.add(new StoreWrite.Enqueue(id, channelName, target, null));
            writes.add(new StoreWrite.AddStage(id, target, Stage.RESENT, now, "resent by operator", null));
        }
    }

    private static void wake(@org.jspecify.annotations.Nullable Channel channel) {
        if (channel != null) {
            channel.wakeWorkers();
        }
    }

    /** Graceful stop: every channel in reverse order, then the store. Idempotent. */
    @Override
    public void close() {
        lifecycle.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            List<Channel> list = new ArrayList<>(channels.values());
            Thread stopper = Thread.ofPlatform().name("conduit-stop-channels").start(() -> {
                for (int i = list.size() - 1; i >= 0; i--) {
                    try {
                        list.get(i).undeploy();
                    } catch (RuntimeException e) {
                        LOG.warn("channel {} did not stop cleanly: {}", list.get(i).name(), e.toString());
                    }
                }
            });
            try {
                if (!stopper.join(server.shutdownTimeout())) {
                    LOG.warn("channels did not stop within shutdownTimeout ({}); closing the store anyway: "
                            + "messages not yet acknowledged may be refused", server.shutdownTimeout());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            store.close();
            LOG.info("engine stopped");
        } finally {
            lifecycle.unlock();
        }
    }
}
