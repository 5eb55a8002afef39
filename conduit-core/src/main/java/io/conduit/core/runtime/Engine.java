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
    private final Map<String, Channel> channels;
    private final Map<String, Boolean> enabled;
    private final InstantSource clock;
    private final ReentrantLock lifecycle = new ReentrantLock();
    private boolean started;
    private boolean closed;

    private final ChannelDirectory directory;

    private Engine(ServerConfig server, MessageStore store, List<ChannelPlan> plans, ChannelDirectory directory,
                   InstantSource clock) {
        this.directory = directory;
        this.server = server;
        this.store = store;
        this.clock = clock;
        MessageIdGenerator ids = new MessageIdGenerator(clock);
        Map<String, Channel> map = new LinkedHashMap<>();
        Map<String, Boolean> enabledMap = new LinkedHashMap<>();
        for (ChannelPlan plan : plans) {
            Channel channel = new Channel(plan, store, ids, clock);
            map.put(plan.name(), channel);
            directory.put(channel);
            enabledMap.put(plan.name(), plan.enabled());
        }
        this.channels = map;
        this.enabled = enabledMap;
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
        return new Engine(server, store, plans, directory, clock);
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

    public Optional<Channel> channel(String name) {
        return Optional.ofNullable(channels.get(name));
    }

    /**
     * Starts every enabled channel. When one fails to start, the ones already started are
     * stopped again and the failure is thrown.
     */
    public void start() throws Exception {
        lifecycle.lock();
        try {
            if (started) {
                return;
            }
            List<Channel> startedChannels = new ArrayList<>();
            for (Channel channel : channels.values()) {
                if (!enabled.get(channel.name())) {
                    LOG.info("channel {} is disabled; not started", channel.name());
                    continue;
                }
                try {
                    channel.start();
                    startedChannels.add(channel);
                } catch (Exception e) {
                    LOG.error("channel {} failed to start: {}", channel.name(), e.toString());
                    for (int i = startedChannels.size() - 1; i >= 0; i--) {
                        startedChannels.get(i).stop();
                    }
                    throw new Exception("channel " + channel.name() + " (" + channel.file() + ") failed to start: "
                            + e.getMessage(), e);
                }
            }
            started = true;
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Queues a stored message again for one destination, or for every destination it was queued
     * for before when {@code destination} is empty. Returns the destinations it was queued for.
     */
    public List<String> resend(MessageId id, Optional<String> destination) throws StoreException {
        StoredMessage stored = store.find(id).orElseThrow(() -> new StoreException("no message " + id));
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
            if (targets.isEmpty() && channel != null) {
                targets.addAll(channel.destinationNames());
            }
        }
        List<StoreWrite> writes = new ArrayList<>();
        requeue(id, channelName, targets, clock.instant(), writes);
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
