package io.conduit.core.datatype;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Line-by-line differences of two texts, the fallback for data types without a structural comparison. */
final class TextDifferences {

    private static final int LIMIT = 20;

    private TextDifferences() {
    }

    static List<String> of(byte[] expected, byte[] actual) {
        String[] e = new String(expected, StandardCharsets.UTF_8).split("\r\n|\r|\n", -1);
        String[] a = new String(actual, StandardCharsets.UTF_8).split("\r\n|\r|\n", -1);
        List<String> result = new ArrayList<>();
        int lines = Math.max(trimmed(e), trimmed(a));
        for (int i = 0; i < lines && result.size() < LIMIT; i++) {
            String el = i < e.length ? e[i] : null;
            String al = i < a.length ? a[i] : null;
            if (el == null || !el.equals(al)) {
                result.add("line " + (i + 1) + ": expected " + quote(el) + ", got " + quote(al));
            }
        }
        return result;
    }

    /** Line count without trailing empty lines: a final newline is not a difference. */
    private static int trimmed(String[] lines) {
        int n = lines.length;
        while (n > 0 && lines[n - 1].isEmpty()) {
            n--;
        }
        return n;
    }

    private static String quote(String s) {
        return s == null ? "(no line)" : "\"" + s + "\"";
    }
}
