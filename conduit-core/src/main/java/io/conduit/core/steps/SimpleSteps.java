package io.conduit.core.steps;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.pipeline.StepContext;
import io.conduit.core.pipeline.StepException;
import io.conduit.core.pipeline.StepFactory;
import io.conduit.core.pipeline.Transformer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The small value steps, one factory each so every {@code type:} is registered on its own. */
final class SimpleSteps {

    private SimpleSteps() {
    }

    /**
     * {@code {type: set, path: MSH-5, value: LIS}}: writes a value (every match of a wildcard path);
     * inside a {@code forEach} the value may hold its variable ({@code value: "{i}"}).
     */
    public static final class Set implements StepFactory {
        @Override
        public String type() {
            return "set";
        }

        @Override
        public Transformer transformer(ConfigNode config, StepContext context) throws ConfigException {
            StepPath path = StepPath.read(config, "path", context);
            StepPath value = StepPath.value(config.string("value"), context);
            config.finish();
            return message -> {
                ParsedMessage current = message;
                String v = value.resolve();
                for (String concrete : message.paths(path.resolve())) {
                    current = current.with(concrete, v);
                }
                return current;
            };
        }
    }

    /**
     * {@code {type: copy, from: PID-3.1, to: PID-2}}: copies one value; an absent source writes an
     * empty value, or leaves the target alone with {@code ifAbsent: skip}.
     */
    public static final class Copy implements StepFactory {
        @Override
        public String type() {
            return "copy";
        }

        @Override
        public Transformer transformer(ConfigNode config, StepContext context) throws ConfigException {
            StepPath from = StepPath.read(config, "from", context);
            if (from.toString().contains("[*]") || from.toString().contains("/*")) {
                throw config.error("from", "copies one value; for every match use a forEach (or a template's copy:)");
            }
            StepPath to = StepPath.read(config, "to", context);
            boolean skipAbsent = switch (config.string("ifAbsent", "empty")) {
                case "empty" -> false;
                case "skip" -> true;
                default -> throw config.error("ifAbsent", "must be 'empty' (write an empty value) or 'skip' (leave the target)");
            };
            config.finish();
            return message -> {
                String source = from.resolve();
                Optional<String> value = message.get(source);
                if (value.isEmpty() && skipAbsent) {
                    return message;
                }
                // A leaf's decoded text is copied as literal text, a structured value as structure.
                boolean structured = value.isPresent() && message.holdsStructure(source);
                ParsedMessage current = message;
                for (String concrete : message.paths(to.resolve())) {
                    current = structured ? current.with(concrete, value.get()) : current.withText(concrete, value.orElse(""));
                }
                return current;
            };
        }
    }

    /**
     * {@code {type: delete, path: NTE}}: removes what the path names; for HL7 v2 a segment name
     * ({@code NTE}, {@code NTE[2]}) removes segments, a field or component path empties it.
     */
    public static final class Delete implements StepFactory {
        @Override
        public String type() {
            return "delete";
        }

        @Override
        public Transformer transformer(ConfigNode config, StepContext context) throws ConfigException {
            StepPath path = StepPath.readSelector(config, "path", context);
            config.finish();
            return message -> message.without(path.resolve());
        }
    }

    /** {@code {type: replace, path: PID-5.1, pattern: "[^A-Z ]", with: ""}}: regular-expression replace. */
    public static final class Replace implements StepFactory {
        @Override
        public String type() {
            return "replace";
        }

        @Override
        public Transformer transformer(ConfigNode config, StepContext context) throws ConfigException {
            StepPath path = StepPath.read(config, "path", context);
            String regex = config.string("pattern");
            String replacement = config.string("with", "");
            Pattern pattern;
            try {
                pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw config.error("pattern", "is not a valid regular expression: " + e.getDescription());
            }
            try {
                pattern.matcher("").replaceAll(replacement);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw config.error("with", "is not a valid replacement (use $1 for a group, \\$ for a dollar): " + e.getMessage());
            }
            config.finish();
            return new ValueStep(path, v -> pattern.matcher(v).replaceAll(replacement));
        }
    }

    /** Base of upper, lower and trim: a {@code path} and a pure function of the value. */
    private abstract static class CaseStep implements StepFactory {
        abstract String apply(String value);

        @Override
        public Transformer transformer(ConfigNode config, StepContext context) throws ConfigException {
            StepPath path = StepPath.read(config, "path", context);
            config.finish();
            return new ValueStep(path, this::apply);
        }
    }

    /** {@code {type: upper, path: PID-5.1}}. */
    public static final class Upper extends CaseStep {
        @Override
        public String type() {
            return "upper";
        }

        @Override
        String apply(String value) {
            return value.toUpperCase(Locale.ROOT);
        }
    }

    /** {@code {type: lower, path: PID-5.1}}. */
    public static final class Lower extends CaseStep {
        @Override
        public String type() {
            return "lower";
        }

        @Override
        String apply(String value) {
            return value.toLowerCase(Locale.ROOT);
        }
    }

    /** {@code {type: trim, path: PID-5.1}}: strips leading and trailing white space. */
    public static final class Trim extends CaseStep {
        @Override
        public String type() {
            return "trim";
        }

        @Override
        String apply(String value) {
            return value.strip();
        }
    }

    /**
     * {@code {type: forEach, over: OBX, as: i, steps: [...]}}: runs the nested steps once per
     * occurrence of {@code over} (segments, field repetitions, array items), with {@code {i}}
     * (1-based) bound in their paths: {@code OBX[{i}]-5}.
     */
    public static final class ForEach implements StepFactory {
        @Override
        public String type() {
            return "forEach";
        }

        @Override
        public Transformer transformer(ConfigNode config, StepContext context) throws ConfigException {
            StepPath over = StepPath.readSelector(config, "over", context);
            String variable = config.string("as", "i");
            if (!variable.matches("[a-z][a-z0-9]*")) {
                throw config.error("as", "must be a lower-case name such as i or j, got '" + variable + "'");
            }
            List<ConfigNode> nodes = config.objects("steps");
            if (nodes.isEmpty()) {
                throw config.error("steps", "needs at least one step to run for each occurrence");
            }
            Transformer body = context.loopSteps(variable, nodes);
            config.finish();
            return message -> {
                int count = message.count(over.resolve());
                ParsedMessage current = message;
                for (int i = 1; i <= count; i++) {
                    ParsedMessage input = current;
                    current = StepPath.withBinding(variable, i, () -> body.transform(input));
                }
                return current;
            };
        }
    }

    static StepException failure(String message) {
        return new StepException(message);
    }
}
