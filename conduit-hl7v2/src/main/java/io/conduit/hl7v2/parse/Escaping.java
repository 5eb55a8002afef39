package io.conduit.hl7v2.parse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;

/**
 * HL7 v2 escape sequences (v2.5 section 2.7). Both directions return the input string itself when
 * there is nothing to do, so the common case allocates nothing.
 */
final class Escaping {

    /** Escape every delimiter: the value is plain text. */
    static final int LEAF = 0;
    /** Bits for the delimiters that stay as they are because the value is already in wire form. */
    static final int KEEP_REPETITION = 1;
    static final int KEEP_COMPONENT = 2;
    static final int KEEP_SUBCOMPONENT = 4;
    /** Keep the escape (and truncation) character: the value already holds escape sequences. */
    static final int KEEP_ESCAPES = 8;

    private Escaping() {
    }

    /**
     * Escapes {@code text}; delimiters whose {@code KEEP_*} bit is set stay as they are. The field
     * separator and line breaks are always escaped: no value may split a field or a segment.
     */
    static String escape(String text, Delimiters d, int keep) {
        int first = -1;
        for (int i = 0; i < text.length(); i++) {
            if (needsEscape(text.charAt(i), d, keep)) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!needsEscape(c, d, keep)) {
                sb.append(c);
                continue;
            }
            if (c == d.escape() && (keep & KEEP_ESCAPES) != 0) {
                // Wire form: sequences stay sequences, in their standard case (a case-changing step
                // must not turn \T\ into \t\, which no receiver reads as a delimiter).
                int end = text.indexOf(c, i + 1);
                if (end < 0) {
                    sb.append(c);
                    continue;
                }
                sb.append(c).append(canonical(text.substring(i + 1, end))).append(c);
                i = end;
                continue;
            }
            if (c == d.escape()) {
                int end = text.indexOf(c, i + 1);
                String code = end > i + 1 ? text.substring(i + 1, end) : "";
                if (isPassThrough(code)) {
                    // A formatting or charset sequence (\.br\, \H\, \Zxx\) that decoding kept: it
                    // stays a sequence, so copying a report does not turn line breaks into text. A
                    // step that changed its case (upper/lower on the value) gets the standard case back.
                    sb.append(c).append(canonical(code)).append(c);
                    i = end;
                    continue;
                }
            }
            sb.append(d.escape());
            if (c == d.field()) {
                sb.append('F');
            } else if (c == d.component()) {
                sb.append('S');
            } else if (c == d.subcomponent()) {
                sb.append('T');
            } else if (c == d.repetition()) {
                sb.append('R');
            } else if (c == d.escape()) {
                sb.append('E');
            } else if (c == '\r') {
                sb.append("X0D");
            } else if (c == '\n') {
                sb.append("X0A");
            } else {
                sb.append('P');
            }
            sb.append(d.escape());
        }
        return sb.toString();
    }

    private static final java.util.regex.Pattern PASS_THROUGH = java.util.regex.Pattern.compile(
            "\\.(br|sp|fi|nf|ce|in|ti|sk)[+-]?[0-9]*|[HN]|Z[A-Za-z0-9]*|C[0-9A-Fa-f]{4}|M[0-9A-Fa-f]{4,6}",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /** Whether {@code code} is an escape sequence decoding keeps as it is (formatting, charset switches). */
    private static boolean isPassThrough(String code) {
        return PASS_THROUGH.matcher(code).matches();
    }

    /**
     * The standard case of an escape sequence: delimiter, highlighting and hex codes upper case
     * ({@code T}, {@code H}, {@code X0D}), formatting commands lower case ({@code .br}).
     */
    private static String canonical(String code) {
        if (code.startsWith(".")) {
            return code.toLowerCase(java.util.Locale.ROOT);
        }
        if (code.length() == 1 || HEX.matcher(code).matches()) {
            return code.toUpperCase(java.util.Locale.ROOT);
        }
        return code;
    }

    private static final java.util.regex.Pattern HEX = java.util.regex.Pattern.compile("[Xx][0-9A-Fa-f]+|[CcMm][0-9A-Fa-f]{4,6}");

    private static boolean needsEscape(char c, Delimiters d, int keep) {
        if (c == d.field() || c == '\r' || c == '\n') {
            return true;
        }
        if (c == d.escape()) {
            return true; // escaped, or (KEEP_ESCAPES) kept as a sequence in its standard case
        }
        if (c == d.repetition()) {
            return (keep & KEEP_REPETITION) == 0;
        }
        if (c == d.component()) {
            return (keep & KEEP_COMPONENT) == 0;
        }
        if (c == d.subcomponent()) {
            return (keep & KEEP_SUBCOMPONENT) == 0;
        }
        return d.truncation() != Delimiters.NONE && c == d.truncation() && (keep & KEEP_ESCAPES) == 0;
    }

    static String unescape(String text, Delimiters d, Charset charset) {
        char esc = d.escape();
        int first = text.indexOf(esc);
        if (first < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length()).append(text, 0, first);
        int i = first;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != esc) {
                sb.append(c);
                i++;
                continue;
            }
            int end = text.indexOf(esc, i + 1);
            if (end < 0) {
                // A lone escape character is kept as text rather than failing the message.
                sb.append(text, i, text.length());
                break;
            }
            appendDecoded(sb, text, i + 1, end, d, charset);
            i = end + 1;
        }
        return sb.toString();
    }

    private static void appendDecoded(StringBuilder sb, String text, int from, int to, Delimiters d, Charset charset) {
        if (to - from == 1) {
            char code = text.charAt(from);
            switch (code) {
                case 'F' -> sb.append(d.field());
                case 'S' -> sb.append(d.component());
                case 'T' -> sb.append(d.subcomponent());
                case 'R' -> sb.append(d.repetition());
                case 'E' -> sb.append(d.escape());
                case 'P' -> {
                    if (d.truncation() != Delimiters.NONE) {
                        sb.append(d.truncation());
                    } else {
                        passThrough(sb, text, from, to, d);
                    }
                }
                default -> passThrough(sb, text, from, to, d);
            }
            return;
        }
        if (to - from >= 3 && text.charAt(from) == 'X' && (to - from - 1) % 2 == 0) {
            byte[] bytes = hex(text, from + 1, to);
            if (bytes != null) {
                sb.append(new String(bytes, charset));
                return;
            }
        }
        passThrough(sb, text, from, to, d);
    }

    private static void passThrough(StringBuilder sb, String text, int from, int to, Delimiters d) {
        sb.append(d.escape()).append(text, from, to).append(d.escape());
    }

    private static byte[] hex(String text, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((to - from) / 2);
        for (int i = from; i < to; i += 2) {
            int hi = Character.digit(text.charAt(i), 16);
            int lo = Character.digit(text.charAt(i + 1), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out.write(hi << 4 | lo);
        }
        return out.toByteArray();
    }
}
