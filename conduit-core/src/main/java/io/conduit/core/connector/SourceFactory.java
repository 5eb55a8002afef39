package io.conduit.core.connector;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;

/**
 * Builds a {@link Source} from a channel's {@code source:} section. Found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.conduit.core.connector.SourceFactory}).
 */
public interface SourceFactory {

    /** The {@code type:} value channel files use, e.g. {@code mllp}. */
    String type();

    /**
     * Reads and validates the connector's settings (the factory must call {@link ConfigNode#finish()}),
     * then returns a source that has not started. Does no I/O.
     */
    Source create(ConfigNode config, SourceContext context) throws ConfigException;
}
