package io.conduit.core.runtime;

import io.conduit.core.connector.Destination;
import io.conduit.core.connector.Source;
import io.conduit.core.datatype.DataType;
import io.conduit.core.pipeline.Filter;
import io.conduit.core.pipeline.Transformer;
import java.time.Duration;
import java.util.List;

/**
 * A validated channel file, with its connectors built but not started. Building a plan does no
 * I/O, so validating a config directory builds plans and discards them.
 */
record ChannelPlan(String name, String file, boolean enabled, DataType dataType, Source source,
                   ReceiverHandle receiver, RespondAfter respondAfter, Duration deliveryTimeout,
                   List<Filter> filters, List<NamedTransformer> transformers, List<DestinationPlan> destinations) {

    /** One destination of the channel. */
    record DestinationPlan(String name, String type, Destination destination, RetryPolicy retry,
                           List<Filter> filters, List<NamedTransformer> transformers) {
    }

    /** A transformer with the label its errors carry, e.g. {@code transformers[1] (set)}. */
    record NamedTransformer(String label, Transformer transformer) {
    }
}
