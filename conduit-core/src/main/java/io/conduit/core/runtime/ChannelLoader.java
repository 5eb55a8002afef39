package io.conduit.core.runtime;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.connector.Destination;
import io.conduit.core.connector.DestinationContext;
import io.conduit.core.connector.Source;
import io.conduit.core.connector.SourceContext;
import io.conduit.core.datatype.DataType;
import io.conduit.core.pipeline.LookupTables;
import io.conduit.core.pipeline.PipelineBuilder;
import io.conduit.core.pipeline.Splitter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one channel file into a {@link ChannelPlan}: the data type, the source, the steps and the
 * destinations, each validated by its own factory.
 */
final class ChannelLoader {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    /** Lanes per destination: each is a connection to the peer and a delivery thread. */
    static final int MAX_LANES = 32;

    private final Plugins plugins;
    private final Path configDir;
    private final Path dataDir;
    private final LookupTables lookups;
    private final InstantSource clock;

    /** A {@code channel} destination's target, checked once every channel file is read. */
    record ChannelLink(String file, int line, String field, String target) {
    }

    private final ChannelDirectory directory;
    private final List<ChannelLink> links = new ArrayList<>();

    ChannelLoader(Plugins plugins, Path configDir, Path dataDir, LookupTables lookups, ChannelDirectory directory,
                  InstantSource clock) {
        this.directory = directory;
        this.plugins = plugins;
        this.configDir = configDir;
        this.dataDir = dataDir;
        this.lookups = lookups;
        this.clock = clock;
    }

    ChannelPlan load(ConfigNode root, String defaultName) throws ConfigException {
        root.checkKeys("name", "description", "enabled", "dataType", "source", "splitter", "filters", "transformers", "router",
                "destinations");
        String name = requireName(root, root.string("name", defaultName));
        root.optString("description");
        boolean enabled = root.bool("enabled", true);
        DataType dataType = dataType(root);

        ConfigNode sourceNode = root.requiredObject("source");
        RespondAfter respondAfter = sourceNode.choice("respondAfter", RespondAfter.class, RespondAfter.STORED);
        Duration deliveryTimeout = sourceNode.duration("deliveryTimeout", Duration.ofSeconds(30));
        String respondWith = sourceNode.optString("respondWith").orElse(null);
        if (respondWith != null && respondAfter != RespondAfter.DELIVERED) {
            throw sourceNode.error("respondWith", "needs respondAfter: delivered (the answer is built from that destination's response)");
        }
        String sourceType = sourceNode.string("type");
        ReceiverHandle receiver = new ReceiverHandle();
        Source source = plugins.source(sourceNode, sourceType)
                .create(sourceNode, new SourceContext(name, dataType, receiver, dataDir, clock));
        sourceNode.finish();

        PipelineBuilder steps = new PipelineBuilder(name, dataType, lookups, configDir, registry());
        Splitter splitter = null;
        var splitterNode = root.object("splitter");
        if (splitterNode.isPresent()) {
            if (respondAfter == RespondAfter.DELIVERED) {
                throw root.error("splitter", "cannot be combined with source.respondAfter: delivered (the parts are "
                        + "delivered on their own); answer after storing, or split in a second channel");
            }
            splitter = plugins.step(splitterNode.get(), splitterNode.get().string("type"))
                    .splitter(splitterNode.get(), steps);
        }
        var filters = steps.filters(root.objects("filters"));
        var transformers = steps.namedSteps(root.objects("transformers"));
        DataType afterSourceSteps = steps.dataType();

        List<ConfigNode> destinationNodes = root.objects("destinations");
        if (destinationNodes.isEmpty()) {
            throw root.error("destinations", "a channel needs at least one destination");
        }
        List<ChannelPlan.DestinationPlan> destinations = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode node : destinationNodes) {
            steps.continueFrom(afterSourceSteps);
            destinations.add(destination(node, name, dataType, steps, names));
        }
        for (ChannelPlan.DestinationPlan d : destinations) {
            if (!d.responseTransformers().isEmpty() && !d.name().equals(respondWith)) {
                throw root.error("destinations", "destination '" + d.name() + "' has responseTransformers, but the source "
                        + "answers with " + (respondWith == null ? "its own acknowledgement" : "destination '" + respondWith + "'")
                        + "; set source.respondWith: " + d.name());
            }
        }
        if (respondWith != null && !names.contains(respondWith)) {
            throw root.error("source", "respondWith names no destination of this channel: '" + respondWith + "'; it has " + names);
        }
        steps.continueFrom(afterSourceSteps);
        Router router = null;
        var routerNode = root.object("router");
        if (routerNode.isPresent()) {
            router = Router.read(routerNode.get(), steps, names);
        }
        root.finish();
        return new ChannelPlan(name, root.file(), enabled, dataType, source, receiver, respondAfter, respondWith, deliveryTimeout,
                splitter, filters, transformers, router, List.copyOf(destinations), steps.usedFilesDigest());
    }

    private DataType dataType(ConfigNode root) throws ConfigException {
        if (!root.has("dataType")) {
            throw root.error("dataType", "is required (e.g. hl7v2 or raw)");
        }
        if (root.isScalar("dataType")) {
            return plugins.dataType(root, "dataType", root.string("dataType")).createWithDefaults(root.file());
        }
        ConfigNode node = root.requiredObject("dataType");
        String type = node.string("type");
        return plugins.dataType(node, "type", type).create(node);
    }

    private ChannelPlan.DestinationPlan destination(ConfigNode node, String channel, DataType dataType, PipelineBuilder steps,
                                                   Set<String> names) throws ConfigException {
        String name = requireName(node, node.string("name"));
        if (!names.add(name)) {
            throw node.error("name", "another destination of this channel is already named '" + name + "'");
        }
        String type = node.string("type");
        var retryNode = node.object("retry");
        RetryPolicy retry = retryNode.isPresent() ? RetryPolicy.read(retryNode.get()) : RetryPolicy.DEFAULT;
        int laneCount = node.integer("lanes", 1, 1, MAX_LANES);
        String laneKey = node.optString("laneKey").orElse(null);
        if (laneCount > 1 && laneKey == null) {
            throw node.error("lanes", laneCount + " lanes need a laneKey: the metadata entry whose value keeps messages in "
                    + "order (e.g. laneKey: patientId delivers one patient's messages in order, different patients' in parallel)");
        }
        if (laneCount == 1 && laneKey != null) {
            throw node.error("laneKey", "needs lanes of 2 or more (with one lane every message is delivered in queue order)");
        }
        if (laneKey != null && laneKey.isBlank()) {
            throw node.error("laneKey", "must name a metadata entry (e.g. patientId, sendingFacility), got an empty value");
        }
        var filters = steps.filters(node.objects("filters"));
        var transformers = steps.namedSteps(node.objects("transformers"));
        steps.continueFrom(dataType); // responses arrive in the channel's own format
        var responseTransformers = steps.namedSteps(node.objects("responseTransformers"));
        String target = null;
        if (type.equals("channel")) {
            target = requireName(node, node.string("channel"));
            if (target.equals(channel)) {
                throw node.error("channel", "a channel cannot hand messages to itself");
            }
            links.add(new ChannelLink(node.file(), node.line(), node.field() + ".channel", target));
        }
        List<Destination> lanes = new ArrayList<>(laneCount);
        for (int lane = 0; lane < laneCount; lane++) { // each lane its own connector: its own connection to the peer
            lanes.add(target != null ? new ChannelDestination(directory, target, channel, name)
                    : plugins.destination(node, type).create(node, new DestinationContext(channel, name, dataType, dataDir, clock)));
        }
        node.finish();
        return new ChannelPlan.DestinationPlan(name, type, lanes, laneKey, retry, filters, transformers, responseTransformers);
    }

    /** Channel and destination names appear in paths, thread names and the store: keep them plain. */
    private static String requireName(ConfigNode node, String name) throws ConfigException {
        if (!NAME.matcher(name).matches()) {
            throw node.error("name", "must be 1-63 lower-case letters, digits, '-' or '_', starting with a letter or digit, got '"
                    + name + "'");
        }
        return name;
    }

    /** Every {@code channel} destination read so far. */
    List<ChannelLink> links() {
        return List.copyOf(links);
    }

    private PipelineBuilder.Registry registry() {
        return new PipelineBuilder.Registry() {
            @Override
            public io.conduit.core.pipeline.StepFactory step(ConfigNode node, String type) throws ConfigException {
                return plugins.step(node, type);
            }

            @Override
            public DataType dataType(ConfigNode node, String key, String type) throws ConfigException {
                return plugins.dataType(node, key, type).createWithDefaults(node.file());
            }
        };
    }
}
