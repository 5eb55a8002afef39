package io.conduit.core.pipeline;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.ParsedMessage;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A test of one value: the value at {@code path} (any match, for a wildcard path) or of the
 * metadata field {@code metadata}, against exactly one of {@code equals}, {@code in},
 * {@code matches} (a regular expression over the whole value), {@code exists} or {@code empty}.
 */
final class PathCondition implements Condition {

    private enum Test { EQUALS, IN, MATCHES, EXISTS, EMPTY }

    private final String path;
    private final boolean metadata;
    private final Test test;
    private final Set<String> values;
    private final Pattern pattern;
    private final boolean expected;
    private final String description;

    private PathCondition(String path, boolean metadata, Test test, Set<String> values, Pattern pattern, boolean expected,
                          String description) {
        this.path = path;
        this.metadata = metadata;
        this.test = test;
        this.values = values;
        this.pattern = pattern;
        this.expected = expected;
        this.description = description;
    }

    static PathCondition read(ConfigNode node, io.conduit.core.datatype.DataType dataType) throws ConfigException {
        Optional<String> path = node.optString("path");
        Optional<String> key = node.optString("metadata");
        if (path.isPresent() == key.isPresent()) {
            throw node.error("give exactly one of 'path' (a message path such as MSH-9.1) or 'metadata' (a field such as messageType)");
        }
        int given = 0;
        for (String k : List.of("equals", "in", "matches", "exists", "empty")) {
            given += node.has(k) ? 1 : 0;
        }
        if (given != 1) {
            throw node.error("give exactly one test: equals, in, matches, exists or empty");
        }
        if (path.isPresent()) {
            try {
                dataType.checkPath(path.get());
            } catch (IllegalArgumentException e) {
                throw node.error("path", e.getMessage());
            }
        }
        String subject = path.orElseGet(() -> "metadata." + key.orElseThrow());
        Test test;
        Set<String> values = Set.of();
        Pattern pattern = Pattern.compile("");
        boolean expected = true;
        String description;
        if (node.has("equals")) {
            test = Test.EQUALS;
            values = Set.of(node.string("equals"));
            description = subject + " equals '" + values.iterator().next() + "'";
        } else if (node.has("in")) {
            test = Test.IN;
            List<String> list = node.strings("in");
            values = Set.copyOf(list);
            description = subject + " in " + list;
        } else if (node.has("matches")) {
            test = Test.MATCHES;
            String regex = node.string("matches");
            try {
                pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw node.error("matches", "is not a valid regular expression: " + e.getDescription());
            }
            description = subject + " matches '" + regex + "'";
        } else if (node.has("exists")) {
            test = Test.EXISTS;
            expected = node.bool("exists", true);
            description = subject + (expected ? " exists" : " does not exist");
        } else {
            test = Test.EMPTY;
            expected = node.bool("empty", true);
            description = subject + (expected ? " is empty" : " is not empty");
        }
        return new PathCondition(path.orElseGet(key::orElseThrow), key.isPresent(), test, values, pattern, expected, description);
    }

    @Override
    public boolean test(ParsedMessage message) throws StepException {
        List<String> found;
        try {
            found = metadata ? message.metadata().get(path).map(List::of).orElse(List.of()) : message.getAll(path);
        } catch (IllegalArgumentException e) {
            throw new StepException(description + ": " + e.getMessage());
        }
        return switch (test) {
            case EQUALS, IN -> found.stream().anyMatch(values::contains);
            case MATCHES -> found.stream().anyMatch(v -> pattern.matcher(v).matches());
            case EXISTS -> found.stream().anyMatch(v -> !v.isEmpty()) == expected;
            case EMPTY -> found.stream().allMatch(String::isEmpty) == expected;
        };
    }

    @Override
    public String toString() {
        return description;
    }
}
