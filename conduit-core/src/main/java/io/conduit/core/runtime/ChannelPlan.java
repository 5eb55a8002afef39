package io.conduit.core.runtime;

import io.conduit.core.connector.Destination;
import io.conduit.core.connector.Source;
import io.conduit.core.datatype.DataType;
import io.conduit.core.pipeline.NamedCondition;
import io.conduit.core.pipeline.NamedStep;
import io.conduit.core.pipeline.Splitter;
import java.time.Duration;
import java.util.List;

/**
 * A validated channel file, with its connectors built but not started. Building a plan does no
 * I/O, so validating a config directory builds plans and discards them.
 */
record ChannelPlan(String name, String file, boolean enabled, DataType dataType, Source source,
                   ReceiverHandle receiver, RespondAfter respondAfter, @org.jspecify.annotations.Nullable String respondWith,
                   Duration deliveryTimeout,
                   @org.jspecify.annotations.Nullable Splitter splitter, List<NamedCondition> filters, List<NamedStep> transformers,
                   @org.jspecify.annotations.Nullable Router router,
                   List<DestinationPlan> destinations, String usedFilesDigest) {

    /** The steps every message goes through, built from this plan. */
    Pipeline pipeline() {
        return new Pipeline(splitter, filters, transformers, router, destinations);
    }


    /**
     * One destination of the channel.
     *
     * @param lanes   one connector per delivery lane (one lane: the whole queue in order)
     * @param laneKey with several lanes, the metadata entry whose value picks a message's lane, so
     *                messages with the same value keep their order; null with one lane
     */
    record DestinationPlan(String name, String type, List<Destination> lanes, @org.jspecify.annotations.Nullable String laneKey,
                           RetryPolicy retry, List<NamedCondition> filters, List<NamedStep> transformers,
                           List<NamedStep> responseTransformers) {

        DestinationPlan {
            lanes = List.copyOf(lanes);
            if (lanes.isEmpty() || (lanes.size() > 1) != (laneKey != null)) {
                throw new IllegalArgumentException("a destination needs one lane, or several and a lane key");
            }
        }

        /** The lane of a message with this metadata (0 with one lane, or when it lacks the key). */
        int lane(io.conduit.core.message.Metadata metadata) {
            return laneKey == null ? 0 : io.conduit.core.store.DeliveryLane.of(metadata.getOrNull(laneKey), lanes.size());
        }
    }

}
