package io.conduit.hl7v2.transform;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.DataType;
import io.conduit.core.datatype.DataTypeFactory;
import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.pipeline.Condition;
import io.conduit.core.pipeline.FileLookupTables;
import io.conduit.core.pipeline.LookupTables;
import io.conduit.core.pipeline.NamedStep;
import io.conduit.core.pipeline.PipelineBuilder;
import io.conduit.core.pipeline.StepException;
import io.conduit.core.pipeline.StepFactory;
import io.conduit.hl7v2.parse.Hl7Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.ServiceLoader;

/** Builds conditions and steps the way a channel file does, on the hl7v2 data type. */
final class StepHarness {

    private final PipelineBuilder builder;

    StepHarness(Path configDir) throws ConfigException {
        this(configDir, FileLookupTables.load(configDir, InstantSource.system()));
    }

    StepHarness(Path configDir, LookupTables lookups) throws ConfigException {
        DataType hl7 = dataType("hl7v2");
        builder = new PipelineBuilder("test", hl7, lookups, configDir, new PipelineBuilder.Registry() {
            @Override
            public StepFactory step(ConfigNode node, String type) throws ConfigException {
                for (StepFactory f : ServiceLoader.load(StepFactory.class)) {
                    if (f.type().equals(type)) {
                        return f;
                    }
                }
                throw node.error("type", "unknown step type '" + type + "'");
            }

            @Override
            public DataType dataType(ConfigNode node, String key, String type) throws ConfigException {
                return StepHarness.dataType(type);
            }
        });
    }

    static DataType dataType(String type) throws ConfigException {
        for (DataTypeFactory f : ServiceLoader.load(DataTypeFactory.class)) {
            if (f.type().equals(type)) {
                return f.create(ConfigNode.parse("{}", "t", k -> null));
            }
        }
        throw new IllegalArgumentException("no data type " + type);
    }

    /** The steps of a YAML list, e.g. {@code "- {type: set, path: MSH-5, value: X}"}. */
    List<NamedStep> steps(String yaml) throws ConfigException {
        ConfigNode root = ConfigNode.parse("transformers:\n" + yaml.indent(2), "channels/t.yaml", k -> null);
        return builder.namedSteps(root.objects("transformers"));
    }

    Condition condition(String yaml) throws ConfigException {
        return builder.condition(ConfigNode.parse(yaml, "channels/t.yaml", k -> null));
    }

    List<io.conduit.core.pipeline.NamedCondition> filters(String yaml) throws ConfigException {
        ConfigNode root = ConfigNode.parse("filters:\n" + yaml.indent(2), "channels/t.yaml", k -> null);
        return builder.filters(root.objects("filters"));
    }

    ParsedMessage run(String yaml, ParsedMessage message) throws ConfigException, StepException {
        return NamedStep.runAll(steps(yaml), message);
    }

    static Hl7Message hl7(String... segments) {
        try {
            return Hl7Message.parse((String.join("\r", segments) + "\r").getBytes(StandardCharsets.ISO_8859_1),
                    StandardCharsets.ISO_8859_1);
        } catch (io.conduit.core.datatype.MessageFormatException e) {
            throw new AssertionError(e);
        }
    }

    static String text(ParsedMessage m) {
        return new String(m.bytes(), m.charset());
    }
}
