package io.conduit.core.pipeline;

import io.conduit.core.datatype.ParsedMessage;

/**
 * Reshapes a message. Implementations are immutable and thread-safe; they return a new message
 * and never modify their input.
 */
@FunctionalInterface
public interface Transformer {

    /** @throws StepException naming the step and what failed; the message is marked ERRORED */
    ParsedMessage transform(ParsedMessage message) throws StepException;
}
