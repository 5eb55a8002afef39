package io.conduit.core.steps;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.DataType;
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

    private StepPath(String text) {
        this.text = text;
        this.hasVariables = VARIABLE.matcher(text).find();
    }

    /** Reads and checks a path against the channel's data type ({@code {i}} checked as 1). */
    static StepPath read(ConfigNode node, String key, DataType dataType) throws ConfigException {
        String text = node.string(key);
        return check(text, node, key, dataType);
    }

    /** Checks a path given as text (e.g. a key of a {@code copy:} mapping). */
    static StepPath check(String text, ConfigNode node, String key, DataType dataType) throws ConfigException {
        if (text.isBlank()) {
            throw node.error(key, "must not be empty");
        }
        StepPath path = new StepPath(text);
        try {
            dataType.checkPath(path.hasVariables ? VARIABLE.matcher(text).replaceAll("1") : text);
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
            m.appendReplacement(sb, Integer.toString(index(m.group(1))));
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
