package io.conduit.core.pipeline;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.DataType;
import java.nio.file.Path;
import java.util.List;

/**
 * What a {@link StepFactory} may use while it builds a step: the channel's data type, the config
 * directory's lookup tables and files, other data types (for templates that build a message of
 * another format), and builders for nested conditions and steps (for {@code when:} and
 * {@code forEach}). Valid only while the channel is being loaded.
 */
public interface StepContext {

    /** The name of the channel being loaded. */
    String channel();

    /**
     * The data type of the message at this point of the step list: the channel's, or the one a
     * previous step converted to (a {@code template} with another {@code dataType}).
     */
    DataType dataType();

    /**
     * Declares that the step being built outputs messages of {@code dataType}: later steps (and
     * destinations) check their paths against it.
     */
    void produces(DataType dataType);

    /** The config directory's lookup tables. */
    LookupTables lookups();

    /** The config directory; steps resolve the files they name (templates, scripts) against it. */
    Path configDirectory();

    /**
     * Another data type with its default settings, by the name channel files use.
     *
     * @throws ConfigException naming {@code key} of {@code at} when there is no such data type
     */
    DataType dataType(String name, ConfigNode at, String key) throws ConfigException;

    /** Builds a condition from a node ({@code path:}/{@code metadata:} tests, {@code all}, {@code any}, {@code not}, or a {@code type:} plugin). */
    Condition condition(ConfigNode node) throws ConfigException;

    /** Builds a list of steps that run in order, as one transformer (for {@code forEach} and similar). */
    Transformer steps(List<ConfigNode> nodes) throws ConfigException;

    /**
     * Builds steps that run inside a loop binding {@code variable} (a {@code forEach}); their paths
     * may use {@code {variable}}.
     *
     * @throws ConfigException when an enclosing loop already binds {@code variable}
     */
    default Transformer loopSteps(String variable, List<ConfigNode> nodes) throws ConfigException {
        return steps(nodes);
    }

    /** The loop variables bound where the step being built will run, outermost first. */
    default List<String> loopVariables() {
        return List.of();
    }

    /**
     * Records a file a step read while being built (a template, a script, a script library), so
     * that a redeploy notices when it changes.
     */
    default void uses(String name, String content) {
    }
}
