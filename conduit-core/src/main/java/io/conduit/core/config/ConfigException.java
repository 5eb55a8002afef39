package io.conduit.core.config;

import java.util.List;
import java.util.stream.Collectors;

/** Configuration that cannot be loaded: one or more problems, each naming file, line and field. */
public final class ConfigException extends Exception {

    private final List<ConfigProblem> problems;

    public ConfigException(ConfigProblem problem) {
        this(List.of(problem));
    }

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining(System.lineSeparator())));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a config exception needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
