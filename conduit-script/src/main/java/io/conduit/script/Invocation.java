package io.conduit.script;

import io.conduit.core.datatype.ParsedMessage;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The state of one script call: the message as the script has changed it so far. Confined to the
 * thread that runs the call.
 */
final class Invocation {

    private final ParsedMessage input;
    private final boolean readOnly;
    private ParsedMessage current;
    private @Nullable Set<String> inputWords;
    private @Nullable String apiError;

    Invocation(ParsedMessage input, boolean readOnly) {
        this.input = input;
        this.readOnly = readOnly;
        this.current = input;
    }

    ParsedMessage message() {
        return current;
    }

    /** Whether the script is a condition, which may read the message but not change it. */
    boolean readOnly() {
        return readOnly;
    }

    void replace(ParsedMessage message) {
        current = message;
    }

    /** Records the text of an error the script API raised (its own words, not message content). */
    void apiError(String text) {
        apiError = text;
    }

    /** The last error text the script API raised in this call, if any. */
    @Nullable String apiError() {
        return apiError;
    }

    /** The words of the message as it came in, for {@link ContentMask}; computed on first use. */
    Set<String> inputWords() {
        if (inputWords == null) {
            inputWords = ContentMask.words(MessageText.of(input));
        }
        return inputWords;
    }
}
