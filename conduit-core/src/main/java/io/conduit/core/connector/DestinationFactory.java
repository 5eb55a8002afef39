package io.conduit.core.connector;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;

/**
 * Builds a {@link Destination} from one entry of a channel's {@code destinations:} list. Found
 * with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.conduit.core.connector.DestinationFactory}).
 */
public interface DestinationFactory {

    /** The {@code type:} value channel files use, e.g. {@code mllp} or {@code file}. */
    String type();

    /**
     * Reads and validates the connector's own settings. The channel has already read the common
     * keys ({@code name}, {@code type}, {@code retry}, {@code filters}, {@code transformers});
     * the factory must call {@link ConfigNode#finish()}. Does no I/O.
     */
    Destination create(ConfigNode config, DestinationContext context) throws ConfigException;
}
