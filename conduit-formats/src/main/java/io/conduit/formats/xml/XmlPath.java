package io.conduit.formats.xml;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A path into an XML document: a small subset of XPath 1.0 (see the package documentation). This
 * type only parses and renders.
 *
 * @param text      the path as written
 * @param steps     the element steps from the root element down, at least one
 * @param attribute the attribute's local name when the path ends in {@code /@name}, else null
 * @param textNode  whether the path ends in {@code /text()}
 */
record XmlPath(String text, List<Step> steps, @Nullable String attribute, boolean textNode) {

    /** A step without a position: the first such element (all of them where {@code count} and {@code without} say so). */
    static final int FIRST = 0;
    /** {@code [*]}: every such element. */
    static final int ANY = -1;

    private static final String NAME = "[\\p{L}_][\\p{L}\\p{N}_.\\-]*";
    private static final Pattern STEP = Pattern.compile("(" + NAME + ")(?:\\[(\\d{1,9}|\\*)])?");
    private static final Pattern ATTRIBUTE = Pattern.compile("@(" + NAME + ")");

    /**
     * One element step: a local name and a position among the siblings of that name (from 1),
     * {@link #FIRST} or {@link #ANY}.
     */
    record Step(String name, int position) {
        @Override
        public String toString() {
            return switch (position) {
                case FIRST -> name;
                case ANY -> name + "[*]";
                default -> name + "[" + position + "]";
            };
        }
    }

    XmlPath {
        steps = List.copyOf(steps);
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    static XmlPath parse(String text) {
        if (!text.startsWith("/") || text.length() == 1) {
            throw new IllegalArgumentException("'" + text + "' is not an XML path: it starts with '/' and the root "
                    + "element's name (e.g. /order/patient/name)");
        }
        String[] parts = text.substring(1).split("/", -1);
        List<Step> steps = new ArrayList<>();
        String attribute = null;
        boolean textNode = false;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            if (last && i > 0 && part.equals("text()")) {
                textNode = true;
                continue;
            }
            Matcher a = ATTRIBUTE.matcher(part);
            if (last && i > 0 && a.matches()) {
                attribute = a.group(1);
                continue;
            }
            Matcher m = STEP.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException(problem(text, part));
            }
            int position = FIRST;
            if (m.group(2) != null) {
                position = m.group(2).equals("*") ? ANY : Integer.parseInt(m.group(2));
                if (position == 0) {
                    throw new IllegalArgumentException("'" + text + "': positions count from 1, as in XPath (item[1] is the first)");
                }
            }
            steps.add(new Step(m.group(1), position));
        }
        return new XmlPath(text, steps, attribute, textNode);
    }

    private static String problem(String text, String part) {
        String what = part.isEmpty() ? "an empty step ('//' and a trailing '/' are not supported)"
                : part.contains(":") ? "'" + part + "': steps match local names, so write the name without a prefix"
                : part.startsWith("@") || part.equals("text()") ? "'" + part + "' may only end the path"
                : "'" + part + "' is not a step: write an element name, optionally with [n] (from 1) or [*]";
        return "'" + text + "': " + what;
    }

    /** Whether a step is {@code [*]}. */
    boolean hasWildcard() {
        return lastWildcard() >= 0;
    }

    /** The index of the last {@code [*]} step, or -1. */
    int lastWildcard() {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).position() == ANY) {
                return i;
            }
        }
        return -1;
    }

    /** What follows the element steps, as written: {@code /@name}, {@code /text()} or nothing. */
    String suffix() {
        return attribute != null ? "/@" + attribute : textNode ? "/text()" : "";
    }

    @Override
    public String toString() {
        return text;
    }
}
