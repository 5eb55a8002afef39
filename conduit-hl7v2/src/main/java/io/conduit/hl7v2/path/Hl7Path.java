package io.conduit.hl7v2.path;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A parsed HL7 v2 path such as {@code PID-5[2].1.2} or {@code OBX[*]-5}.
 *
 * <p>Syntax: {@code SEG[occurrence]-field[repetition].component.subcomponent}, where everything
 * after the field number is optional, all numbers are 1-based, and {@code occurrence} and
 * {@code repetition} may be {@code *} (any, for {@code getAll}). {@code MSH-1} is the field
 * separator and {@code MSH-2} the encoding characters, as the standard numbers them.
 *
 * <p>Unset parts are {@link #UNSET}; wildcards are {@link #ANY}. An unset occurrence means the first
 * occurrence. An unset repetition means "the whole field" when neither component nor subcomponent
 * is given, and the first repetition otherwise.
 *
 * <p>Immutable and thread-safe. {@link #parse} keeps a small cache because channels use the same
 * few paths for every message.
 *
 * @param segment      three-character segment id, e.g. {@code PID} or {@code ZPI}
 * @param occurrence   which occurrence of the segment, 1-based; {@link #UNSET} or {@link #ANY}
 * @param field        field number, 1-based
 * @param repetition   field repetition, 1-based; {@link #UNSET} or {@link #ANY}
 * @param component    component, 1-based, or {@link #UNSET}
 * @param subcomponent subcomponent, 1-based, or {@link #UNSET}
 */
public record Hl7Path(String segment, int occurrence, int field, int repetition, int component, int subcomponent) {

    /** Part not given in the path. */
    public static final int UNSET = 0;
    /** Wildcard {@code [*]}: every occurrence or repetition. */
    public static final int ANY = -1;

    private static final int CACHE_LIMIT = 4096;
    private static final ConcurrentHashMap<String, Hl7Path> CACHE = new ConcurrentHashMap<>();

    /** Validates the parts; see the class description. */
    public Hl7Path {
        if (!isSegmentId(segment)) {
            throw new IllegalArgumentException("segment id must be three upper-case letters or digits starting with a letter, got '" + segment + "'");
        }
        if (occurrence < ANY || field < 1 || repetition < ANY || component < UNSET || subcomponent < UNSET) {
            throw new IllegalArgumentException("path numbers are 1-based");
        }
        if (subcomponent != UNSET && component == UNSET) {
            throw new IllegalArgumentException("a subcomponent needs a component");
        }
    }

    /**
     * Parses a path.
     *
     * @throws IllegalArgumentException naming the path and the expected syntax when it is not valid
     */
    public static Hl7Path parse(String path) {
        Hl7Path cached = CACHE.get(path);
        if (cached != null) {
            return cached;
        }
        Hl7Path parsed = new Parser(path).parse();
        if (CACHE.size() < CACHE_LIMIT) {
            CACHE.put(path, parsed);
        }
        return parsed;
    }

    /** Whether the path holds a {@code [*]}. */
    public boolean hasWildcard() {
        return occurrence == ANY || repetition == ANY;
    }

    /** The occurrence to use when the path names one segment: unset means the first. */
    public int occurrenceOrFirst() {
        return occurrence == UNSET ? 1 : occurrence;
    }

    /** The same path with concrete numbers in place of the wildcards. */
    public Hl7Path withIndexes(int occurrence, int repetition) {
        return new Hl7Path(segment, occurrence, field, repetition, component, subcomponent);
    }

    /** Whether {@code s} is a segment id: three upper-case letters or digits, the first a letter. */
    public static boolean isSegmentId(String s) {
        if (s.length() != 3 || !isUpper(s.charAt(0))) {
            return false;
        }
        return isUpperOrDigit(s.charAt(1)) && isUpperOrDigit(s.charAt(2));
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isUpperOrDigit(char c) {
        return isUpper(c) || (c >= '0' && c <= '9');
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(segment);
        appendIndex(sb, occurrence);
        sb.append('-').append(field);
        appendIndex(sb, repetition);
        if (component != UNSET) {
            sb.append('.').append(component);
        }
        if (subcomponent != UNSET) {
            sb.append('.').append(subcomponent);
        }
        return sb.toString();
    }

    private static void appendIndex(StringBuilder sb, int index) {
        if (index == ANY) {
            sb.append("[*]");
        } else if (index != UNSET) {
            sb.append('[').append(index).append(']');
        }
    }

    /** Hand-written rather than a regex: paths are parsed on the hot path of every transformer. */
    private static final class Parser {
        private final String path;
        private int pos;

        Parser(String path) {
            this.path = path;
        }

        Hl7Path parse() {
            if (path.length() < 5) {
                throw invalid("too short");
            }
            String segment = path.substring(0, 3);
            if (!isSegmentId(segment)) {
                throw invalid("it must start with a segment id such as PID");
            }
            pos = 3;
            int occurrence = index();
            expect('-');
            int field = number("field");
            int repetition = index();
            int component = UNSET;
            int subcomponent = UNSET;
            if (pos < path.length()) {
                expect('.');
                component = number("component");
                if (pos < path.length()) {
                    expect('.');
                    subcomponent = number("subcomponent");
                }
            }
            if (pos != path.length()) {
                throw invalid("unexpected text after position " + pos);
            }
            return new Hl7Path(segment, occurrence, field, repetition, component, subcomponent);
        }

        private int index() {
            if (pos >= path.length() || path.charAt(pos) != '[') {
                return UNSET;
            }
            pos++;
            int value;
            if (pos < path.length() && path.charAt(pos) == '*') {
                pos++;
                value = ANY;
            } else {
                value = number("index");
            }
            expect(']');
            return value;
        }

        private int number(String what) {
            int start = pos;
            int value = 0;
            while (pos < path.length() && Character.isDigit(path.charAt(pos)) && pos - start < 6) {
                value = value * 10 + (path.charAt(pos) - '0');
                pos++;
            }
            if (pos == start) {
                throw invalid("expected a " + what + " number at position " + (start + 1));
            }
            if (value < 1) {
                throw invalid("the " + what + " number must be 1 or more (paths are 1-based)");
            }
            return value;
        }

        private void expect(char c) {
            if (pos >= path.length() || path.charAt(pos) != c) {
                throw invalid("expected '" + c + "' at position " + (pos + 1));
            }
            pos++;
        }

        private IllegalArgumentException invalid(String why) {
            return new IllegalArgumentException("invalid HL7 v2 path '" + path + "': " + why
                    + "; expected SEG[n]-field[rep].component.subcomponent, e.g. PID-5.1, PID-3[2].1 or OBX[*]-5");
        }
    }
}
