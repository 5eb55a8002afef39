package io.conduit.core.steps;

import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.pipeline.StepException;
import io.conduit.core.pipeline.Transformer;

/**
 * A step that rewrites the value at a path (every match of a wildcard path). Absent values are
 * left absent: upper-casing a missing field must not create it. A structured value (an HL7 v2
 * field with components) is rewritten in wire form, a leaf value as literal text.
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
            String updated;
            try {
                updated = rewrite.apply(value.get());
            } catch (StepException e) {
                // The label names the path as configured (OBX[{i}]-3.1, OBX[*]-5); say which element failed.
                throw concrete.equals(path.toString()) ? e : new StepException(e.getMessage() + " (at " + concrete + ")", e);
            }
            if (updated != null && !updated.equals(value.get())) {
                // Write back in the form get() gave: wire form for a structured element, literal text
                // for a leaf, so an escaped delimiter (HL7 \S\) never turns into structure.
                current = current.holdsStructure(concrete) ? current.with(concrete, updated) : current.withText(concrete, updated);
            }
        }
        return current;
    }
}
