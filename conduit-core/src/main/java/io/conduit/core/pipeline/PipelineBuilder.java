package io.conduit.core.pipeline;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.DataType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a channel's conditions and steps from their config nodes. Condition syntax:
 * <pre>
 * {path: PID-8, equals: F}            # or in: [..], matches: regex, exists: true|false, empty: true|false
 * {metadata: messageType, in: [ADT^A01, ADT^A04]}
 * {all: [cond, ...]}  {any: [cond, ...]}  {not: cond}
 * {type: script, script: "..."}       # any StepFactory that builds conditions
 * </pre>
 * A step entry names its {@code type}, may carry a {@code name} (used in errors and the stage
 * record) and a {@code when} condition (the step runs only when it holds).
 */
public final class PipelineBuilder implements StepContext {

    /** Finds step factories and other data types by name (the engine's plugin registry). */
    public interface Registry {
        StepFactory step(ConfigNode node, String type) throws ConfigException;

        DataType dataType(ConfigNode node, String key, String type) throws ConfigException;
    }

    private final String channel;
    /** The data type at the point being built; steps that convert change it. Used on one thread, at load. */
    private DataType dataType;
    private final LookupTables lookups;
    private final Path configDirectory;
    private final Registry registry;
    private final java.util.Deque<String> loops = new java.util.ArrayDeque<>();
    private final java.util.SortedMap<String, String> used = new java.util.TreeMap<>();

    public PipelineBuilder(String channel, DataType dataType, LookupTables lookups, Path configDirectory, Registry registry) {
        this.channel = channel;
        this.dataType = dataType;
        this.lookups = lookups;
        this.configDirectory = configDirectory;
        this.registry = registry;
    }

    @Override
    public String channel() {
        return channel;
    }

    @Override
    public DataType dataType() {
        return dataType;
    }

    @Override
    public void produces(DataType output) {
        this.dataType = output;
    }

    /**
     * Continues building from messages of {@code input}: each destination's steps start from what
     * the source steps produced, not from the previous destination's.
     */
    public void continueFrom(DataType input) {
        this.dataType = input;
    }

    @Override
    public LookupTables lookups() {
        return lookups;
    }

    @Override
    public Path configDirectory() {
        return configDirectory;
    }

    @Override
    public DataType dataType(String name, ConfigNode at, String key) throws ConfigException {
        return registry.dataType(at, key, name);
    }

    /** The filters of a {@code filters:} list: each a condition with an optional {@code name}. */
    public List<NamedCondition> filters(List<ConfigNode> nodes) throws ConfigException {
        List<NamedCondition> result = new ArrayList<>();
        for (ConfigNode node : nodes) {
            String name = node.optString("name").orElse("");
            Condition condition = condition(node);
            String label = node.field() + (name.isEmpty() ? "" : " '" + name + "'") + ": " + condition;
            result.add(new NamedCondition(label, condition));
        }
        return List.copyOf(result);
    }

    @Override
    public Condition condition(ConfigNode node) throws ConfigException {
        if (node.has("type")) {
            String type = node.string("type");
            node.allow("name");
            Condition built = registry.step(node, type).condition(node, this);
            String description = type + " condition at " + node.file() + ":" + node.line();
            return describe(built, description);
        }
        if (node.has("all") || node.has("any")) {
            boolean all = node.has("all");
            if (node.has("all") && node.has("any")) {
                throw node.error("give one of 'all' or 'any' per condition; nest them to combine");
            }
            List<Condition> parts = new ArrayList<>();
            for (ConfigNode child : node.objects(all ? "all" : "any")) {
                parts.add(condition(child));
            }
            if (parts.isEmpty()) {
                throw node.error(all ? "all" : "any", "needs at least one condition");
            }
            node.allow("name");
            node.finish();
            return all ? new AllCondition(List.copyOf(parts)) : new AnyCondition(List.copyOf(parts));
        }
        if (node.has("not")) {
            Condition inner = condition(node.requiredObject("not"));
            node.allow("name");
            node.finish();
            return describe(m -> !inner.test(m), "not (" + inner + ")");
        }
        if (!node.has("path") && !node.has("metadata")) {
            throw node.error("a condition needs 'path' or 'metadata' with a test, 'all', 'any', 'not', or a 'type' such as script");
        }
        PathCondition leaf = PathCondition.read(node, dataType);
        node.allow("name");
        node.finish();
        return leaf;
    }

    @Override
    public Transformer loopSteps(String variable, List<ConfigNode> nodes) throws ConfigException {
        if (loops.contains(variable)) {
            throw new ConfigException(new io.conduit.core.config.ConfigProblem(nodes.isEmpty() ? "" : nodes.getFirst().file(),
                    nodes.isEmpty() ? 0 : nodes.getFirst().line(), "", "an enclosing forEach already uses {" + variable
                    + "}; name this loop's variable differently (as: j)"));
        }
        loops.addLast(variable);
        try {
            return steps(nodes);
        } finally {
            loops.removeLast();
        }
    }

    @Override
    public void uses(String name, String content) {
        used.put(name, content);
    }

    /** A digest of every file the steps read (name and content): part of a channel's fingerprint. */
    public String usedFilesDigest() {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            for (var e : used.entrySet()) {
                digest.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public List<String> loopVariables() {
        return List.copyOf(loops);
    }

    @Override
    public Transformer steps(List<ConfigNode> nodes) throws ConfigException {
        List<NamedStep> steps = namedSteps(nodes);
        return message -> NamedStep.runAll(steps, message);
    }

    /** The steps of a {@code transformers:} list, each labelled for its errors. */
    public List<NamedStep> namedSteps(List<ConfigNode> nodes) throws ConfigException {
        List<NamedStep> result = new ArrayList<>();
        for (ConfigNode node : nodes) {
            String type = node.string("type");
            String name = node.optString("name").orElse("");
            Condition when = Condition.always();
            boolean conditional = false;
            var whenNode = node.object("when");
            if (whenNode.isPresent()) {
                when = condition(whenNode.get());
                conditional = true;
            }
            Transformer step = registry.step(node, type).transformer(node, this);
            String label = node.field() + " (" + type + (name.isEmpty() ? "" : " '" + name + "'") + ")";
            result.add(new NamedStep(label, conditional ? when : null, step));
        }
        return List.copyOf(result);
    }

    private static Condition describe(Condition condition, String description) {
        return new Condition() {
            @Override
            public boolean test(io.conduit.core.datatype.ParsedMessage message) throws StepException {
                return condition.test(message);
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }

    private record AllCondition(List<Condition> parts) implements Condition {
        @Override
        public boolean test(io.conduit.core.datatype.ParsedMessage message) throws StepException {
            for (Condition c : parts) {
                if (!c.test(message)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return "all of " + parts;
        }
    }

    private record AnyCondition(List<Condition> parts) implements Condition {
        @Override
        public boolean test(io.conduit.core.datatype.ParsedMessage message) throws StepException {
            for (Condition c : parts) {
                if (c.test(message)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "any of " + parts;
        }
    }
}
