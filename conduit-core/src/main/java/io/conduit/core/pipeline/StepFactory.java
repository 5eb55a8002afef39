package io.conduit.core.pipeline;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.DataType;

/**
 * Builds filter and transformer steps from entries of a channel's {@code filters:} and
 * {@code transformers:} lists. Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.conduit.core.pipeline.StepFactory}); one factory may offer both
 * kinds. The transformation engine plugs in its declarative and script steps here.
 */
public interface StepFactory {

    /** The {@code type:} value channel files use, e.g. {@code path} or {@code set}. */
    String type();

    /**
     * Builds a filter, reading the entry's keys (except {@code type}) and calling
     * {@link ConfigNode#finish()}.
     *
     * @throws ConfigException when the entry is invalid or this type is not a filter
     */
    default Filter filter(ConfigNode config, DataType dataType) throws ConfigException {
        throw config.error("type", "'" + type() + "' is not a filter type");
    }

    /**
     * Builds a transformer, reading the entry's keys (except {@code type}) and calling
     * {@link ConfigNode#finish()}.
     *
     * @throws ConfigException when the entry is invalid or this type is not a transformer
     */
    default Transformer transformer(ConfigNode config, DataType dataType) throws ConfigException {
        throw config.error("type", "'" + type() + "' is not a transformer type");
    }
}
