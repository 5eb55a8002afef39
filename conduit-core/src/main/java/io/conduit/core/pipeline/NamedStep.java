package io.conduit.core.pipeline;

import io.conduit.core.datatype.ParsedMessage;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A transformer step with the label its errors carry, e.g. {@code transformers[2] (map 'sex codes')},
 * and the condition under which it runs (null: always).
 */
public record NamedStep(String label, @Nullable Condition when, Transformer step) {

    /** Runs the step when its condition holds; any failure names this step. */
    public ParsedMessage apply(ParsedMessage message) throws StepException {
        try {
            if (when != null && !when.test(message)) {
                return message;
            }
            return step.transform(message);
        } catch (StepException e) {
            throw new StepException(label + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // A throwing step fails its own message, never the channel. Its text may quote field
            // values (PHI), so only the exception's class goes into the reason.
            throw new StepException(label + ": failed with " + e.getClass().getSimpleName(), e);
        }
    }

    /** Runs {@code steps} in order. */
    public static ParsedMessage runAll(List<NamedStep> steps, ParsedMessage message) throws StepException {
        ParsedMessage current = message;
        for (NamedStep s : steps) {
            current = s.apply(current);
        }
        return current;
    }
}
