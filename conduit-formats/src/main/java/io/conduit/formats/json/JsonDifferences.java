package io.conduit.formats.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Member-by-member differences between two JSON documents, for {@code conduit test}: each named by
 * its JSON Pointer ({@code /patient/name/0/family: expected "Doe", got "DOE"}), not as a text diff.
 * Member order does not matter; array order does.
 */
final class JsonDifferences {

    private static final int LIMIT = 40;

    private JsonDifferences() {
    }

    static List<String> of(JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        compare("", expected, actual, out);
        return out.size() > LIMIT ? out.subList(0, LIMIT) : out;
    }

    private static void compare(String pointer, JsonNode expected, JsonNode actual, List<String> out) {
        if (out.size() > LIMIT || expected.equals(actual)) {
            return;
        }
        String at = pointer.isEmpty() ? "/" : pointer;
        if (expected.isObject() && actual.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String child = pointer + "/" + JsonPath.escape(name);
                JsonNode e = expected.get(name);
                JsonNode a = actual.get(name);
                if (e == null) {
                    out.add(child + ": not expected, got " + show(a));
                } else if (a == null) {
                    out.add(child + ": expected " + show(e) + ", got nothing");
                } else {
                    compare(child, e, a, out);
                }
            }
            return;
        }
        if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                out.add(at + ": expected " + expected.size() + " item(s), got " + actual.size());
            }
            Iterator<JsonNode> e = expected.elements();
            Iterator<JsonNode> a = actual.elements();
            for (int i = 0; e.hasNext() && a.hasNext(); i++) {
                compare(pointer + "/" + i, e.next(), a.next(), out);
            }
            return;
        }
        out.add(at + ": expected " + show(expected) + ", got " + show(actual));
    }

    private static String show(JsonNode node) {
        if (node.isContainerNode()) {
            return node.isArray() ? "an array of " + node.size() : "an object";
        }
        return node.toString();
    }
}
