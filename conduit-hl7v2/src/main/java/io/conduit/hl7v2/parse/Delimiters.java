package io.conduit.hl7v2.parse;

import java.nio.charset.Charset;

/**
 * The delimiters a message declares in MSH-1 and MSH-2.
 *
 * @param field        MSH-1, usually {@code |}
 * @param component    usually {@code ^}
 * @param repetition   usually {@code ~}
 * @param escape       usually {@code \}
 * @param subcomponent usually {@code &}
 * @param truncation   the v2.7+ truncation character (usually {@code #}), or {@link #NONE}
 */
public record Delimiters(char field, char component, char repetition, char escape, char subcomponent, char truncation) {

    /** Marks an absent truncation character. */
    public static final char NONE = '\0';

    /** {@code |^~\&}, what nearly every sender uses. */
    public static final Delimiters DEFAULT = new Delimiters('|', '^', '~', '\\', '&', NONE);

    /** The MSH-2 text: component, repetition, escape, subcomponent and (when present) truncation characters. */
    public String encodingCharacters() {
        return truncation == NONE
                ? new String(new char[] {component, repetition, escape, subcomponent})
                : new String(new char[] {component, repetition, escape, subcomponent, truncation});
    }

    /** Whether {@code c} is one of the delimiters (the truncation character included). */
    public boolean isDelimiter(char c) {
        return c == field || c == component || c == repetition || c == escape || c == subcomponent
                || (truncation != NONE && c == truncation);
    }

    /**
     * Encodes text for a leaf value: every delimiter becomes its escape sequence ({@code \F\},
     * {@code \S\}, {@code \T\}, {@code \R\}, {@code \E\}, {@code \P\}) and CR/LF become {@code \X0D\}
     * and {@code \X0A\}, so the value cannot change the message structure.
     */
    public String escape(String text) {
        return Escaping.escape(text, this, Escaping.LEAF);
    }

    /**
     * Decodes escape sequences: delimiter escapes and {@code \Xhh..\} (bytes in {@code charset}).
     * Formatting and character-set escapes ({@code \H\}, {@code \N\}, {@code \.br\}, {@code \C..\},
     * {@code \M..\}, {@code \Z..\}) pass through unchanged.
     */
    public String unescape(String text, Charset charset) {
        return Escaping.unescape(text, this, charset);
    }
}
