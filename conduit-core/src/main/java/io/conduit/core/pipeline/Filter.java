package io.conduit.core.pipeline;

import io.conduit.core.datatype.ParsedMessage;
import java.util.Optional;

/**
 * Decides whether a message goes on. Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface Filter {

    /**
     * @return empty to let the message through, or the rule that dropped it (e.g.
     *         {@code messageType in [ADT^A01, ADT^A04]}), recorded with the FILTERED stage; no PHI
     * @throws StepException when the rule cannot be evaluated; the message is marked ERRORED
     */
    Optional<String> reject(ParsedMessage message) throws StepException;
}
