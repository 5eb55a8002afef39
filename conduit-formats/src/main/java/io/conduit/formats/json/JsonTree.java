package io.conduit.formats.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conduit.formats.json.JsonPath.AnyChild;
import io.conduit.formats.json.JsonPath.Member;
import io.conduit.formats.json.JsonPath.Positioned;
import io.conduit.formats.json.JsonPath.Segment;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Reads and rewrites Jackson trees along a {@link JsonPath}.
 *
 * <p><b>Copy on write.</b> Trees are never modified once built. {@link #with} and {@link #without}
 * copy only the objects and arrays on the path (a shallow copy each) and share every other
 * subtree with the original, so an edit costs the path's length times the width of the containers
 * on it, not the document's size. Because nothing is ever mutated, sharing subtrees between
 * messages is safe, and so is reading one tree from several threads.
 *
 * <p>Error texts name the kind of node and the segment's number, never values or member names
 * taken from the message: a concrete path expanded from a wildcard may hold member names, and
 * those can be data.
 */
final class JsonTree {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTree() {
    }

    /** The node at {@code path} (no wildcards), or null when absent. */
    static @Nullable JsonNode find(JsonNode root, JsonPath path) {
        JsonNode node = root;
        for (Segment segment : path.segments()) {
            node = child(node, segment);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private static @Nullable JsonNode child(JsonNode node, Segment segment) {
        return switch (segment) {
            case Member m -> {
                if (node.isObject()) {
                    yield node.get(m.name());
                }
                int index = m.index();
                yield node.isArray() && index >= 0 && index < node.size() ? node.get(index) : null;
            }
            case Positioned p -> {
                JsonNode member = node.isObject() ? node.get(p.name()) : null;
                yield member == null ? null : at(member, p.position());
            }
            case AnyChild a -> throw new IllegalArgumentException("a wildcard path names several values; use getAll or paths");
        };
    }

    /** Position {@code position} (from 1) of a member: an array's item, or a single value as position 1. */
    private static @Nullable JsonNode at(JsonNode member, int position) {
        if (member.isArray()) {
            return position <= member.size() ? member.get(position - 1) : null;
        }
        return position == 1 ? member : null;
    }

    /**
     * Calls {@code out} with each concrete path that {@code path} matches, in document order.
     * Wildcards expand over what exists; segments after the last wildcard are kept as written,
     * whether or not the document holds them (so a step can create them).
     */
    static void expand(JsonNode root, JsonPath path, Consumer<String> out) {
        expand(root, path, 0, new StringBuilder(), out);
    }

    private static void expand(@Nullable JsonNode node, JsonPath path, int i, StringBuilder prefix, Consumer<String> out) {
        List<Segment> segments = path.segments();
        if (i > path.lastWildcard()) {
            StringBuilder concrete = new StringBuilder(prefix);
            for (int k = i; k < segments.size(); k++) {
                concrete.append('/').append(JsonPath.render(segments.get(k)));
            }
            out.accept(concrete.toString());
            return;
        }
        if (node == null) {
            return;
        }
        int length = prefix.length();
        Segment segment = segments.get(i);
        switch (segment) {
            case AnyChild a -> {
                if (node.isArray()) {
                    for (int k = 0; k < node.size(); k++) {
                        prefix.append('/').append(k);
                        expand(node.get(k), path, i + 1, prefix, out);
                        prefix.setLength(length);
                    }
                } else if (node.isObject()) {
                    for (var entry : node.properties()) {
                        prefix.append('/').append(JsonPath.escape(entry.getKey()));
                        expand(entry.getValue(), path, i + 1, prefix, out);
                        prefix.setLength(length);
                    }
                }
            }
            case Positioned p when p.isAny() -> {
                JsonNode member = node.isObject() ? node.get(p.name()) : null;
                int count = member == null ? 0 : member.isArray() ? member.size() : 1;
                for (int k = 1; k <= count; k++) {
                    prefix.append('/').append(JsonPath.escape(p.name())).append('[').append(k).append(']');
                    expand(at(member, k), path, i + 1, prefix, out);
                    prefix.setLength(length);
                }
            }
            default -> {
                prefix.append('/').append(JsonPath.render(segment));
                expand(child(node, segment), path, i + 1, prefix, out);
                prefix.setLength(length);
            }
        }
    }

    /**
     * A tree equal to {@code root} with {@code value} at {@code path} (no wildcards), creating the
     * objects and arrays that are missing on the way.
     *
     * @throws IllegalArgumentException when the path cannot be written: a wildcard, the root, an
     *                                  index past the end of an array, or a member inside a
     *                                  string, number or boolean
     */
    static JsonNode with(JsonNode root, JsonPath path, JsonNode value) {
        if (path.segments().isEmpty()) {
            throw new IllegalArgumentException("the empty path names the whole document, which cannot be replaced by a value");
        }
        if (path.hasWildcard()) {
            throw new IllegalArgumentException("'" + path + "' has a wildcard; expand it with paths() and write each match");
        }
        return with(root, path.segments(), 0, value);
    }

    private static JsonNode with(@Nullable JsonNode node, List<Segment> segments, int i, JsonNode value) {
        if (i == segments.size()) {
            return value;
        }
        Segment segment = segments.get(i);
        JsonNode container = node == null || node.isNull() ? newContainerFor(segment) : node;
        if (segment instanceof Positioned p) {
            ObjectNode object = requireObject(container, i);
            ObjectNode copy = copy(object);
            copy.set(p.name(), withPosition(object.get(p.name()), p.position(), segments, i, value));
            return copy;
        }
        Member m = (Member) segment;
        if (container.isObject()) {
            ObjectNode copy = copy((ObjectNode) container);
            copy.set(m.name(), with(container.get(m.name()), segments, i + 1, value));
            return copy;
        }
        if (container.isArray()) {
            int index = m.isAppend() ? container.size() : m.index();
            if (index < 0) {
                throw new IllegalArgumentException("segment " + (i + 1) + " meets an array: it needs an index from 0, "
                        + "'-' (append) or a position in brackets");
            }
            return withItem((ArrayNode) container, index, segments, i + 1, value);
        }
        throw notAContainer(container, i);
    }

    private static JsonNode withPosition(@Nullable JsonNode member, int position, List<Segment> segments, int i,
                                         JsonNode value) {
        if (member == null || member.isNull()) {
            if (position != 1) {
                throw new IllegalArgumentException("segment " + (i + 1) + ": position " + position
                        + " of a missing array; only [1] creates it");
            }
            ArrayNode created = NODES.arrayNode(1);
            created.add(with(null, segments, i + 1, value));
            return created;
        }
        if (member.isArray()) {
            return withItem((ArrayNode) member, position - 1, segments, i + 1, value);
        }
        if (position != 1) {
            throw new IllegalArgumentException("segment " + (i + 1) + ": position " + position + " of a single "
                    + kind(member) + " value; only [1] names it");
        }
        return with(member, segments, i + 1, value);
    }

    private static ArrayNode withItem(ArrayNode array, int index, List<Segment> segments, int next, JsonNode value) {
        int size = array.size();
        if (index > size) {
            throw new IllegalArgumentException("segment " + next + ": index " + index + " is past the end of an array of "
                    + size + " items; only the next index (" + size + ") or '-' appends");
        }
        ArrayNode copy = copy(array);
        JsonNode item = with(index < size ? array.get(index) : null, segments, next, value);
        if (index == size) {
            copy.add(item);
        } else {
            copy.set(index, item);
        }
        return copy;
    }

    /**
     * A tree without what {@code path} (no wildcards) names: an object member or an array item
     * (later items move up). Returns {@code root} itself when the path names nothing.
     *
     * @throws IllegalArgumentException for the empty path (the whole document)
     */
    static JsonNode without(JsonNode root, JsonPath path) {
        if (path.segments().isEmpty()) {
            throw new IllegalArgumentException("the empty path names the whole document, which cannot be removed");
        }
        if (path.hasWildcard()) {
            throw new IllegalArgumentException("'" + path + "' has a wildcard; expand it with paths() and remove each match");
        }
        return without(root, path.segments(), 0);
    }

    private static JsonNode without(JsonNode node, List<Segment> segments, int i) {
        boolean last = i == segments.size() - 1;
        Segment segment = segments.get(i);
        if (segment instanceof Positioned p) {
            JsonNode member = node.isObject() ? node.get(p.name()) : null;
            if (member == null) {
                return node;
            }
            if (!member.isArray()) {
                // A single value is its own position 1.
                return p.position() == 1 ? withoutMember((ObjectNode) node, p.name(), member, segments, i, last) : node;
            }
            JsonNode updated = withoutItem((ArrayNode) member, p.position() - 1, segments, i, last);
            if (updated == member) {
                return node;
            }
            ObjectNode copy = copy((ObjectNode) node);
            copy.set(p.name(), updated);
            return copy;
        }
        Member m = (Member) segment;
        if (node.isObject()) {
            JsonNode child = node.get(m.name());
            return child == null ? node : withoutMember((ObjectNode) node, m.name(), child, segments, i, last);
        }
        if (node.isArray()) {
            return withoutItem((ArrayNode) node, m.index(), segments, i, last);
        }
        return node;
    }

    private static JsonNode withoutMember(ObjectNode object, String name, JsonNode child, List<Segment> segments, int i,
                                          boolean last) {
        if (last) {
            ObjectNode copy = copy(object);
            copy.remove(name);
            return copy;
        }
        JsonNode updated = without(child, segments, i + 1);
        if (updated == child) {
            return object;
        }
        ObjectNode copy = copy(object);
        copy.set(name, updated);
        return copy;
    }

    private static JsonNode withoutItem(ArrayNode array, int index, List<Segment> segments, int i, boolean last) {
        if (index < 0 || index >= array.size()) {
            return array;
        }
        if (last) {
            ArrayNode copy = copy(array);
            copy.remove(index);
            return copy;
        }
        JsonNode item = array.get(index);
        JsonNode updated = without(item, segments, i + 1);
        if (updated == item) {
            return array;
        }
        ArrayNode copy = copy(array);
        copy.set(index, updated);
        return copy;
    }

    /** What a missing node becomes when a path goes through it: an array for an index or {@code -}, else an object. */
    private static JsonNode newContainerFor(Segment segment) {
        if (segment instanceof Member m && (m.index() >= 0 || m.isAppend())) {
            return NODES.arrayNode();
        }
        return NODES.objectNode();
    }

    private static ObjectNode requireObject(JsonNode node, int i) {
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw new IllegalArgumentException("segment " + (i + 1) + " names a member, but meets " + article(node) + " "
                + kind(node) + (node.isArray() ? "; a bracket position applies to an object's member" : ""));
    }

    private static IllegalArgumentException notAContainer(JsonNode node, int i) {
        return new IllegalArgumentException("segment " + (i + 1) + " goes inside " + article(node) + " " + kind(node)
                + " value, which has no members or items");
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String article(JsonNode node) {
        return node.isArray() || node.isObject() ? "an" : "a";
    }

    private static ObjectNode copy(ObjectNode object) {
        ObjectNode copy = NODES.objectNode();
        copy.setAll(object);
        return copy;
    }

    private static ArrayNode copy(ArrayNode array) {
        ArrayNode copy = NODES.arrayNode(array.size() + 1);
        copy.addAll(array);
        return copy;
    }
}
