package io.conduit.server.http;

import io.conduit.core.runtime.Channel;
import io.conduit.core.runtime.ChannelCounters;
import io.conduit.core.runtime.Engine;
import io.conduit.core.store.StoreException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * The engine's metrics in a Micrometer Prometheus registry.
 *
 * <p><b>Channels:</b> per channel, counters of messages received, filtered and errored and of
 * deliveries sent, read from {@link ChannelCounters} at scrape time. Meters are kept in step with
 * {@link Engine#channels()} on every scrape, and each reads the channel the engine holds <i>now</i>,
 * so a channel replaced by {@link Engine#redeploy()} is counted from its new instance. The
 * counters carry over when {@link Engine#redeploy()} replaces a channel.
 *
 * <p><b>Queues:</b> a depth gauge per channel and destination, read from the store at most once
 * per {@code depthTtl}, so frequent scrapes cannot load the store.
 *
 * <p><b>Latency:</b> {@code conduit_delivery_latency_seconds} (histogram per channel and
 * destination: receipt to the peer's acceptance; its count is the deliveries sent per
 * destination) and {@code conduit_store_commit_seconds} (histogram of group commits).
 *
 * <p><b>Concurrency:</b> {@link #scrape()} is synchronised: one scrape at a time syncs meters,
 * refreshes depths and renders.
 */
final class EngineMetrics implements AutoCloseable {

    private final Engine engine;
    private final Duration depthTtl;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    /** Channel name to the destinations its meters were made for, and the meters. */
    private final Map<String, ChannelMeters> channelMeters = new HashMap<>();
    private final Map<QueueKey, Double> depths = new ConcurrentHashMap<>();
    private long depthsReadAtNanos;
    private boolean depthsRead;

    private record ChannelMeters(List<String> destinations, List<Meter> meters) {
    }

    private record QueueKey(String channel, String destination) {
    }

    EngineMetrics(Engine engine, Duration depthTtl) {
        this.engine = engine;
        this.depthTtl = depthTtl;
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        commits = io.micrometer.core.instrument.Timer.builder("conduit.store.commit")
                .description("Time to apply and commit one group of store writes (one fsync)")
                .publishPercentileHistogram()
                .register(registry);
        engine.store().observeCommits((nanos, submissions) -> commits.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS));
        engine.observeDeliveries((channel, destination, sinceReceived) -> deliveryTimers
                .computeIfAbsent(new QueueKey(channel, destination), this::deliveryTimer)
                .record(sinceReceived));
    }

    /** One timer per destination, looked up without building a meter on every delivery (a hot path). */
    private final Map<QueueKey, io.micrometer.core.instrument.Timer> deliveryTimers = new ConcurrentHashMap<>();

    private io.micrometer.core.instrument.Timer deliveryTimer(QueueKey key) {
        return io.micrometer.core.instrument.Timer.builder("conduit.delivery.latency")
                .description("From a message's receipt to a destination's peer accepting it")
                .tag("channel", key.channel())
                .tag("destination", key.destination())
                .publishPercentileHistogram()
                .register(registry);
    }

    private final io.micrometer.core.instrument.Timer commits;

    /** The Prometheus text exposition of every meter. */
    synchronized String scrape() {
        syncChannels();
        refreshDepths();
        return registry.scrape();
    }

    /** The content type of {@link #scrape()}'s text. */
    static String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }

    private void syncChannels() {
        Map<String, List<String>> current = new HashMap<>();
        for (Channel channel : engine.channels()) {
            current.put(channel.name(), channel.destinationNames());
        }
        for (var it = channelMeters.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            if (!entry.getValue().destinations().equals(current.get(entry.getKey()))) {
                entry.getValue().meters().forEach(registry::remove);
                it.remove();
            }
        }
        current.forEach((name, destinations) -> channelMeters.computeIfAbsent(name, n -> register(n, destinations)));
    }

    private ChannelMeters register(String channel, List<String> destinations) {
        List<Meter> meters = new ArrayList<>();
        meters.add(counter("conduit.messages.received", "Messages the channel's source received", channel, ChannelCounters::received));
        meters.add(counter("conduit.messages.filtered", "Messages the channel's filters dropped", channel, ChannelCounters::filtered));
        meters.add(counter("conduit.messages.errored", "Messages that failed in the pipeline, plus deliveries given up",
                channel, ChannelCounters::errored));
        meters.add(counter("conduit.deliveries.sent", "Deliveries a destination accepted (one message to two destinations "
                + "counts twice)", channel, ChannelCounters::sent));
        for (String destination : destinations) {
            QueueKey key = new QueueKey(channel, destination);
            meters.add(Gauge.builder("conduit.queue.depth", depths, d -> d.getOrDefault(key, Double.NaN))
                    .description("Messages waiting in a destination's queue (read from the store at most once a second)")
                    .tag("channel", channel)
                    .tag("destination", destination)
                    .register(registry));
        }
        depthsRead = false; // a new queue: read depths on this scrape
        return new ChannelMeters(List.copyOf(destinations), meters);
    }

    private Meter counter(String name, String description, String channel, ToLongFunction<ChannelCounters> read) {
        return FunctionCounter.builder(name, engine, e -> e.channel(channel)
                        .map(c -> (double) read.applyAsLong(c.counters()))
                        .orElse(Double.NaN))
                .description(description)
                .tag("channel", channel)
                .register(registry);
    }

    private void refreshDepths() {
        long now = System.nanoTime();
        if (depthsRead && now - depthsReadAtNanos < depthTtl.toNanos()) {
            return;
        }
        Map<QueueKey, Double> fresh = new HashMap<>();
        for (Channel channel : engine.channels()) {
            for (String destination : channel.destinationNames()) {
                double depth;
                try {
                    depth = channel.queueDepth(destination);
                } catch (StoreException e) {
                    depth = Double.NaN; // the readiness probe reports the store; a metric has no place for why
                }
                fresh.put(new QueueKey(channel.name(), destination), depth);
            }
        }
        depths.keySet().retainAll(fresh.keySet());
        depths.putAll(fresh);
        depthsReadAtNanos = now;
        depthsRead = true;
    }

    @Override
    public synchronized void close() {
        engine.observeDeliveries(io.conduit.core.runtime.DeliveryObserver.NONE);
        engine.store().observeCommits(io.conduit.core.store.CommitObserver.NONE);
        gcMetrics.close();
        registry.close();
    }
}
