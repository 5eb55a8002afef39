package io.conduit.formats.json;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A path into a JSON document: a JSON Pointer (RFC 6901) with two additions, a {@code *}
 * wildcard segment and 1-based positions in brackets. See the package documentation for the
 * rules; this type only parses and renders.
 *
 * @param text     the path as written
 * @param segments its segments, unescaped
 */
record JsonPath(String text, List<Segment> segments) {

    /** {@code name[n]} or {@code name[*]} at the end of a segment (n from 1). */
    private static final Pattern POSITIONED = Pattern.compile("(.+)\\[(\\d+|\\*)]");
    /** An array index as RFC 6901 writes it: no sign, no leading zero; nine digits keep it an int. */
    private static final Pattern INDEX = Pattern.compile("0|[1-9]\\d{0,8}");

    /** One segment between slashes. */
    sealed interface Segment {
    }

    /**
     * A member name, or on an array an index ({@link #index()}) or {@code -}, the position after
     * the last item.
     */
    record Member(String name) implements Segment {
        /** The 0-based array index this segment spells, or -1 when it spells none. */
        int index() {
            return INDEX.matcher(name).matches() ? Integer.parseInt(name) : -1;
        }

        /** Whether this is {@code -}: on an array, the position after the last item. */
        boolean isAppend() {
            return name.equals("-");
        }
    }

    /** {@code *}: every item of an array or every member of an object. */
    record AnyChild() implements Segment {
    }

    /**
     * {@code name[n]}: item {@code n} (from 1) of the array in member {@code name}; when the member
     * holds a single value, {@code [1]} is that value. {@code position} 0 stands for {@code [*]}.
     */
    record Positioned(String name, int position) implements Segment {
        boolean isAny() {
            return position == 0;
        }
    }

    JsonPath {
        segments = List.copyOf(segments);
    }

    /**
     * Parses {@code text}: empty (the whole document) or {@code /}-separated segments.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    static JsonPath parse(String text) {
        if (text.isEmpty()) {
            return new JsonPath(text, List.of());
        }
        if (text.charAt(0) != '/') {
            throw new IllegalArgumentException("'" + text + "' is not a JSON path: it must start with '/' (e.g. /patient/name)");
        }
        List<Segment> segments = new ArrayList<>();
        int start = 1;
        while (true) {
            int slash = text.indexOf('/', start);
            String raw = slash < 0 ? text.substring(start) : text.substring(start, slash);
            segments.add(segment(text, raw));
            if (slash < 0) {
                break;
            }
            start = slash + 1;
        }
        return new JsonPath(text, segments);
    }

    private static Segment segment(String path, String raw) {
        if (raw.equals("*")) {
            return new AnyChild();
        }
        Matcher m = POSITIONED.matcher(raw);
        if (m.matches()) {
            String position = m.group(2);
            if (position.equals("*")) {
                return new Positioned(unescape(path, m.group(1)), 0);
            }
            if (position.length() > 9 || Integer.parseInt(position) == 0) {
                throw new IllegalArgumentException("'" + path + "': positions in brackets count from 1 (use /items[1] "
                        + "for the first item, or /items/0 in JSON Pointer form)");
            }
            return new Positioned(unescape(path, m.group(1)), Integer.parseInt(position));
        }
        return new Member(unescape(path, raw));
    }

    /** RFC 6901: {@code ~1} is {@code /}, {@code ~0} is {@code ~}, any other {@code ~} is an error. */
    private static String unescape(String path, String raw) {
        if (raw.indexOf('~') < 0) {
            return raw;
        }
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '~') {
                sb.append(c);
                continue;
            }
            char next = i + 1 < raw.length() ? raw.charAt(i + 1) : ' ';
            if (next == '0') {
                sb.append('~');
            } else if (next == '1') {
                sb.append('/');
            } else {
                throw new IllegalArgumentException("'" + path + "': '~' must be followed by 0 (for ~) or 1 (for /)");
            }
            i++;
        }
        return sb.toString();
    }

    /** RFC 6901 escaping of one member name. */
    static String escape(String name) {
        if (name.indexOf('~') < 0 && name.indexOf('/') < 0) {
            return name;
        }
        return name.replace("~", "~0").replace("/", "~1");
    }

    /** How a segment is written back into a path. */
    static String render(Segment segment) {
        return switch (segment) {
            case Member m -> escape(m.name());
            case AnyChild a -> "*";
            case Positioned p -> escape(p.name()) + "[" + (p.isAny() ? "*" : Integer.toString(p.position())) + "]";
        };
    }

    /** Whether any segment is a wildcard ({@code *} or {@code [*]}). */
    boolean hasWildcard() {
        return lastWildcard() >= 0;
    }

    /** The index of the last wildcard segment, or -1. */
    int lastWildcard() {
        for (int i = segments.size() - 1; i >= 0; i--) {
            Segment s = segments.get(i);
            if (s instanceof AnyChild || s instanceof Positioned p && p.isAny()) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return text;
    }
}
