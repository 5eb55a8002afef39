package io.conduit.formats.common;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.MessageFormatException;

/**
 * Bounds on what a parser accepts, so that a hostile or broken sender cannot exhaust memory or the
 * stack: {@code maxBytes} (the message's size) and {@code maxDepth} (how deeply objects, arrays or
 * elements nest).
 *
 * @param maxBytes largest message accepted, in bytes
 * @param maxDepth deepest nesting accepted; the root object or element is depth 1
 */
public record InputLimits(int maxBytes, int maxDepth) {

    /** Default size bound: larger than any clinical document we expect, small enough to parse in memory. */
    public static final int DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
    /**
     * Default depth bound. FHIR resources and CDA documents nest a few dozen levels at most; a
     * hundred leaves room and still keeps recursion well inside a thread's stack.
     */
    public static final int DEFAULT_MAX_DEPTH = 100;
    /** The largest {@code maxDepth} a channel may set: deeper recursion risks the stack. */
    public static final int MAX_MAX_DEPTH = 1000;

    public static final InputLimits DEFAULTS = new InputLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH);

    /** Rejects bounds that are not positive or that would risk the stack. */
    public InputLimits {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
        }
        if (maxDepth < 1 || maxDepth > MAX_MAX_DEPTH) {
            throw new IllegalArgumentException("maxDepth must be between 1 and " + MAX_MAX_DEPTH + ", got " + maxDepth);
        }
    }

    /** Reads {@code maxBytes} (a size such as {@code 16MB}) and {@code maxDepth} from a data type's options. */
    public static InputLimits read(ConfigNode options) throws ConfigException {
        int maxBytes = (int) options.size("maxBytes", DEFAULT_MAX_BYTES, 1, Integer.MAX_VALUE - 16);
        int maxDepth = options.integer("maxDepth", DEFAULT_MAX_DEPTH, 1, MAX_MAX_DEPTH);
        return new InputLimits(maxBytes, maxDepth);
    }

    /** Refuses a message larger than {@link #maxBytes} before any parsing. */
    public void checkSize(byte[] raw) throws MessageFormatException {
        if (raw.length > maxBytes) {
            throw new MessageFormatException(MessageFormatException.Kind.REJECTED,
                    "the message is " + raw.length + " bytes, more than maxBytes (" + maxBytes + ")", null, null);
        }
    }

    /** The error for content nested deeper than {@link #maxDepth}. */
    public MessageFormatException tooDeep(String location) {
        return new MessageFormatException(MessageFormatException.Kind.REJECTED,
                "the content nests deeper than maxDepth (" + maxDepth + ")", location, null);
    }
}
