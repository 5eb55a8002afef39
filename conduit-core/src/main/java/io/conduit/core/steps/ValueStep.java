package io.conduit.core.steps;

import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.pipeline.StepException;
import io.conduit.core.pipeline.Transformer;

/**
 * A step that rewrites the value at a path (every match of a wildcard path). Absent values are
 * left absent: upper-casing a missing field must not create it.
 */
final class ValueStep implements Transformer {

    /** Computes a new value from an existing one. */
    @FunctionalInterface
    interface Rewrite {
        /** @return the new value, or null to leave the element unchanged */
        @org.jspecify.annotations.Nullable String apply(String value) throws StepException;
    }

    private final StepPath path;
    private final Rewrite rewrite;

    ValueStep(StepPath path, Rewrite rewrite) {
        this.path = path;
        this.rewrite = rewrite;
    }

    @Override
    public ParsedMessage transform(ParsedMessage message) throws StepException {
        String p = path.resolve();
        ParsedMessage current = message;
        for (String concrete : message.paths(p)) {
            var value = current.get(concrete);
            if (value.isEmpty()) {
                continue;
            }
            String updated = rewrite.apply(value.get());
            if (updated != null && !updated.equals(value.get())) {
                current = current.with(concrete, updated);
            }
        }
        return current;
    }
}
