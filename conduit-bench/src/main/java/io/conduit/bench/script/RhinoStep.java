package io.conduit.bench.script;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.DataType;
import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.pipeline.LookupTables;
import io.conduit.core.pipeline.NamedStep;
import io.conduit.core.pipeline.PipelineBuilder;
import io.conduit.core.pipeline.StepException;
import io.conduit.core.pipeline.StepFactory;
import io.conduit.script.ScriptStepFactory;
import java.nio.file.Path;
import java.util.List;

/** The shipped {@code type: script} step (Rhino), built the way a channel file builds it. */
final class RhinoStep {

    private final List<NamedStep> steps;

    RhinoStep(String body, DataType dataType, Path configDirectory) throws ConfigException {
        StringBuilder yaml = new StringBuilder("transformers:\n- type: script\n  script: |\n");
        for (String line : body.split("\n")) {
            yaml.append("    ").append(line).append('\n');
        }
        ConfigNode channel = ConfigNode.parse(yaml.toString(), "bench.yaml", name -> null);
        PipelineBuilder builder = new PipelineBuilder("bench", dataType, LookupTables.none(), configDirectory,
                new PipelineBuilder.Registry() {
                    @Override
                    public StepFactory step(ConfigNode node, String type) {
                        return new ScriptStepFactory();
                    }

                    @Override
                    public DataType dataType(ConfigNode node, String key, String type) throws ConfigException {
                        throw node.error(key, "not in this benchmark");
                    }
                });
        steps = builder.namedSteps(channel.objects("transformers"));
    }

    ParsedMessage run(ParsedMessage message) throws StepException {
        return NamedStep.runAll(steps, message);
    }
}
