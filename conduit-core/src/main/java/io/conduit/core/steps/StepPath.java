package io.conduit.core.steps;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.DataType;
import io.conduit.core.pipeline.StepContext;
import java.util.List;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A path as a step names it. Inside {@code forEach}, a path may hold the loop's index variable
 * ({@code OBX[{i}]-5}); it is bound to the current iteration when the step runs. Paths without a
 * variable cost nothing extra.
 */
final class StepPath {

    private static final Pattern VARIABLE = Pattern.compile("\\{([a-z][a-z0-9]*)}");
    /** The loop indexes bound on this thread, innermost last; steps run on one thread per message. */
    private static final ThreadLocal<Deque<Binding>> BINDINGS = ThreadLocal.withInitial(ArrayDeque::new);

    private record Binding(String name, int index) {
    }

    private final String text;
    private final boolean hasVariables;
    /** The variable names replaced; null for a path, where every {@code {name}} is a variable. */
    private final java.util.@org.jspecify.annotations.Nullable Set<String> only;

    private StepPath(String text) {
        this.text = text;
        this.hasVariables = VARIABLE.matcher(text).find();
        this.only = null;
    }

    private StepPath(String text, java.util.Set<String> only) {
        this.text = text;
        this.only = only;
        Matcher m = VARIABLE.matcher(text);
        boolean found = false;
        while (m.find()) {
            found |= only.contains(m.group(1));
        }
        this.hasVariables = found;
    }

    /**
     * A value that may hold the enclosing loops' variables ({@code "{i}"}); other braces are
     * text.
     */
    static StepPath value(String text, StepContext context) {
        return new StepPath(text, java.util.Set.copyOf(context.loopVariables()));
    }

    /**
     * Reads and checks a path against the data type at this point ({@code {i}} checked as 1); its
     * variables must be bound by an enclosing {@code forEach}.
     */
    static StepPath read(ConfigNode node, String key, StepContext context) throws ConfigException {
        return check(node.string(key), node, key, context.dataType(), context.loopVariables());
    }

    /** Like {@link #read}, for a path that may select whole parts (delete, forEach over). */
    static StepPath readSelector(ConfigNode node, String key, StepContext context) throws ConfigException {
        return check(node.string(key), node, key, context.dataType(), context.loopVariables(), true);
    }

    /** Checks a path given as text (e.g. a key of a {@code copy:} mapping). */
    static StepPath check(String text, ConfigNode node, String key, DataType dataType, List<String> loopVariables)
            throws ConfigException {
        return check(text, node, key, dataType, loopVariables, false);
    }

    private static StepPath check(String text, ConfigNode node, String key, DataType dataType, List<String> loopVariables,
                                  boolean selector) throws ConfigException {
        if (text.isBlank()) {
            throw node.error(key, "must not be empty");
        }
        Matcher variables = VARIABLE.matcher(text);
        while (variables.find()) {
            if (!loopVariables.contains(variables.group(1))) {
                throw node.error(key, "uses {" + variables.group(1) + "}, which no enclosing forEach binds"
                        + (loopVariables.isEmpty() ? "" : " (bound here: " + loopVariables + ")"));
            }
        }
        StepPath path = new StepPath(text);
        try {
            String concrete = path.hasVariables ? VARIABLE.matcher(text).replaceAll("1") : text;
            if (selector) {
                dataType.checkSelector(concrete);
            } else {
                dataType.checkPath(concrete);
            }
        } catch (IllegalArgumentException e) {
            throw node.error(key, e.getMessage());
        }
        return path;
    }

    /** The path for the current loop iteration. */
    String resolve() {
        if (!hasVariables) {
            return text;
        }
        Matcher m = VARIABLE.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String replacement = only == null || only.contains(m.group(1)) ? Integer.toString(index(m.group(1))) : m.group();
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static int index(String name) {
        for (var it = BINDINGS.get().descendingIterator(); it.hasNext(); ) {
            Binding b = it.next();
            if (b.name().equals(name)) {
                return b.index();
            }
        }
        throw new IllegalArgumentException("the variable {" + name + "} is used outside a forEach that defines it");
    }

    /** Runs {@code body} with {@code name} bound to {@code index}. */
    static <T> T withBinding(String name, int index, Body<T> body) throws io.conduit.core.pipeline.StepException {
        Deque<Binding> stack = BINDINGS.get();
        stack.addLast(new Binding(name, index));
        try {
            return body.run();
        } finally {
            stack.removeLast();
        }
    }

    /** Work done while a loop variable is bound. */
    @FunctionalInterface
    interface Body<T> {
        T run() throws io.conduit.core.pipeline.StepException;
    }

    @Override
    public String toString() {
        return text;
    }
}
