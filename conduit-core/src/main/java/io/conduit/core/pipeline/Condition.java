package io.conduit.core.pipeline;

import io.conduit.core.datatype.ParsedMessage;

/**
 * A predicate over a message: channel filters keep a message when their condition holds, routes
 * and conditional steps run when theirs does. Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface Condition {

    /** @throws StepException when the condition cannot be evaluated; the message is marked ERRORED */
    boolean test(ParsedMessage message) throws StepException;

    /** A condition that always holds. */
    static Condition always() {
        return message -> true;
    }
}
