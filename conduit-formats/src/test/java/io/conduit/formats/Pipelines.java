package io.conduit.formats;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.DataType;
import io.conduit.core.datatype.DataTypeFactory;
import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.pipeline.Condition;
import io.conduit.core.pipeline.LookupTables;
import io.conduit.core.pipeline.NamedStep;
import io.conduit.core.pipeline.PipelineBuilder;
import io.conduit.core.pipeline.StepException;
import io.conduit.core.pipeline.StepFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Builds steps and conditions from channel YAML the way the engine does, with a registry of what
 * {@link ServiceLoader} finds on the test class path: the core steps and the json, xml, hl7v2 and
 * raw data types.
 */
final class Pipelines implements PipelineBuilder.Registry {

    private final Map<String, StepFactory> steps = new HashMap<>();
    private final Map<String, DataTypeFactory> dataTypes = new HashMap<>();

    Pipelines() {
        ServiceLoader.load(StepFactory.class).forEach(f -> steps.put(f.type(), f));
        ServiceLoader.load(DataTypeFactory.class).forEach(f -> dataTypes.put(f.type(), f));
    }

    @Override
    public StepFactory step(ConfigNode node, String type) throws ConfigException {
        StepFactory factory = steps.get(type);
        if (factory == null) {
            throw node.error("type", "unknown step type '" + type + "'");
        }
        return factory;
    }

    @Override
    public DataType dataType(ConfigNode node, String key, String type) throws ConfigException {
        DataTypeFactory factory = dataTypes.get(type);
        if (factory == null) {
            throw node.error(key, "unknown data type '" + type + "'");
        }
        return factory.create(ConfigNode.parse("{}", node.file(), k -> null));
    }

    /** A data type with the options of a channel's {@code dataType:} mapping (without {@code type}). */
    DataType dataType(String type, String optionsYaml) throws ConfigException {
        return dataTypes.get(type).create(ConfigNode.parse(optionsYaml, "channels/t.yaml", k -> null));
    }

    /** Parses {@code text} with {@code dataType}, then runs the {@code transformers:} of {@code yaml} on it. */
    ParsedMessage run(DataType dataType, String yaml, String text) throws Exception {
        List<NamedStep> built = builder(dataType).namedSteps(ConfigNode.parse(yaml, "channels/t.yaml", k -> null).objects("transformers"));
        return NamedStep.runAll(built, dataType.parse(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether the condition in {@code yaml} holds for {@code message}. */
    boolean test(DataType dataType, String yaml, ParsedMessage message) throws ConfigException, StepException {
        Condition condition = builder(dataType).condition(ConfigNode.parse(yaml, "channels/t.yaml", k -> null));
        return condition.test(message);
    }

    private PipelineBuilder builder(DataType dataType) {
        return new PipelineBuilder("t", dataType, LookupTables.none(), Path.of("."), this);
    }
}
