package io.conduit.core.pipeline;

import io.conduit.core.datatype.ParsedMessage;
import java.util.List;

/**
 * Turns one message into several (an HL7 v2 message per OBR group, say). Each part is stored as
 * its own message pointing to the original, and goes through the channel's filters, transformers
 * and destinations on its own. Immutable and thread-safe.
 */
@FunctionalInterface
public interface Splitter {

    /** @throws StepException when the message cannot be split; it is stored as ERRORED */
    List<ParsedMessage> split(ParsedMessage message) throws StepException;
}
