package io.conduit.core.steps;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.DataType;
import io.conduit.core.datatype.MessageFormatException;
import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.pipeline.StepContext;
import io.conduit.core.pipeline.StepFactory;
import io.conduit.core.pipeline.Transformer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a new message from a template and copies values into it from the message at hand:
 * <pre>
 * - type: template
 *   file: templates/oru-r01-v251.hl7      # or template: "MSH|^~\&|..." inline
 *   dataType: hl7v2                       # optional; another format converts (e.g. json)
 *   copy: {PID-3: PID-3, PID-5: PID-5, OBX-5: OBX-5}   # target path: source path
 * </pre>
 * The template is parsed once, at load, by its data type, so a broken template stops the channel
 * from loading. Later steps work on the new message. An absent source leaves the target as the
 * template has it.
 */
public final class TemplateStep implements StepFactory {

    @Override
    public String type() {
        return "template";
    }

    @Override
    public Transformer transformer(ConfigNode config, StepContext context) throws ConfigException {
        Optional<String> inline = config.optString("template");
        Optional<String> file = config.optString("file");
        if (inline.isPresent() == file.isPresent()) {
            throw config.error("give exactly one of 'template' (inline text) or 'file' (a path in the config directory)");
        }
        String text = inline.isPresent() ? inline.get() : read(config, context.configDirectory(), file.get());
        if (file.isPresent()) {
            context.uses(file.get(), text);
        }
        DataType target = config.has("dataType")
                ? context.dataType(config.string("dataType"), config, "dataType")
                : context.dataType();
        ParsedMessage template;
        try {
            template = target.parse(text.getBytes(StandardCharsets.UTF_8));
        } catch (MessageFormatException e) {
            throw config.error(file.isPresent() ? "file" : "template", "is not a valid " + target.name() + " message: " + e.describe());
        }
        Map<String, String> copy = config.stringMap("copy");
        DataType source = context.dataType();
        List<StepPath[]> pairs = new ArrayList<>();
        for (Map.Entry<String, String> e : copy.entrySet()) {
            if (e.getKey().indexOf("[*]") != e.getKey().lastIndexOf("[*]")) {
                throw config.error("copy", "target '" + e.getKey() + "' has more than one [*]; a target takes one, matched "
                        + "in order with its source's matches");
            }
            pairs.add(new StepPath[] {StepPath.check(e.getKey(), config, "copy", target, context.loopVariables()),
                    StepPath.check(e.getValue(), config, "copy", source, context.loopVariables())});
        }
        config.finish();
        context.produces(target);
        return message -> {
            ParsedMessage built = template;
            for (StepPath[] pair : pairs) {
                List<String> sources = message.paths(pair[1].resolve());
                List<String> targets = expandTargets(pair[0].resolve(), sources.size());
                for (int i = 0; i < sources.size() && i < targets.size(); i++) {
                    Optional<String> value = message.get(sources.get(i));
                    if (value.isPresent()) {
                        built = message.holdsStructure(sources.get(i)) ? built.with(targets.get(i), value.get())
                                : built.withText(targets.get(i), value.get());
                    }
                }
            }
            return built;
        };
    }

    /**
     * A wildcard target takes the n-th match of a wildcard source: {@code OBX[*]-5: OBX[*]-5}. One
     * {@code [*]} per target: with two, which match goes where would be a guess.
     */
    private static List<String> expandTargets(String target, int count) {
        if (!target.contains("[*]")) {
            return List.of(target);
        }
        List<String> result = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            result.add(target.replaceFirst("\\[\\*]", "[" + i + "]"));
        }
        return result;
    }

    private static String read(ConfigNode config, Path configDir, String name) throws ConfigException {
        Path path = configDir.resolve(name).normalize();
        if (!path.startsWith(configDir.normalize())) {
            throw config.error("file", "must be inside the config directory");
        }
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw config.error("file", "cannot be read: " + e.getMessage());
        }
    }
}
