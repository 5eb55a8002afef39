package io.conduit.core.pipeline;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;

/**
 * Builds steps from a channel's {@code transformers:} lists, and conditions from entries that name
 * a {@code type:} (a script predicate, for instance). Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.conduit.core.pipeline.StepFactory}); one factory may offer both.
 *
 * <p>Factories read the entry's keys (except {@code type}, {@code name} and {@code when}, which the
 * loader handles) and call {@link ConfigNode#finish()}. All validation happens here, at load: a
 * step that was built runs without configuration errors.
 */
public interface StepFactory {

    /** The {@code type:} value channel files use, e.g. {@code set} or {@code script}. */
    String type();

    /**
     * Builds a condition.
     *
     * @throws ConfigException when the entry is invalid or this type is not a condition
     */
    default Condition condition(ConfigNode config, StepContext context) throws ConfigException {
        throw config.error("type", "'" + type() + "' is not a condition type");
    }

    /**
     * Builds a splitter (a channel's {@code splitter:}).
     *
     * @throws ConfigException when the entry is invalid or this type is not a splitter
     */
    default Splitter splitter(ConfigNode config, StepContext context) throws ConfigException {
        throw config.error("type", "'" + type() + "' is not a splitter type");
    }

    /**
     * Builds a transformer step.
     *
     * @throws ConfigException when the entry is invalid or this type is not a transformer
     */
    default Transformer transformer(ConfigNode config, StepContext context) throws ConfigException {
        throw config.error("type", "'" + type() + "' is not a transformer type");
    }
}
