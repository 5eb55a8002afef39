package io.conduit.core.pipeline;

import io.conduit.core.datatype.ParsedMessage;

/**
 * A filter: a condition with the label the FILTERED stage records when it drops a message, e.g.
 * {@code filters[0] 'adt only': MSH-9.1 in [ADT]}. The label holds configuration, never PHI.
 */
public record NamedCondition(String label, Condition condition) {

    /** Whether the message passes; a condition that throws unexpectedly fails its message. */
    public boolean passes(ParsedMessage message) throws StepException {
        try {
            return condition.test(message);
        } catch (StepException e) {
            throw new StepException(label + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Its text may quote field values (PHI): only the class goes into the reason.
            throw new StepException(label + ": failed with " + e.getClass().getSimpleName(), e);
        }
    }
}
