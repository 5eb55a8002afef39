package io.conduit.store.jdbc;

import io.conduit.core.message.Metadata;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stored form of a message's whole metadata map: one {@code key=value} line per entry, in map
 * order. Backslash escapes {@code \\}, {@code \n}, {@code \r} and, in keys, {@code \=} keep any
 * text intact. Chosen over JSON to need no dependency and to stay readable in a SQL shell.
 */
final class MetadataCodec {

    private MetadataCodec() {
    }

    static String encode(Metadata metadata) {
        StringBuilder out = new StringBuilder(64);
        for (Map.Entry<String, String> e : metadata.values().entrySet()) {
            escape(e.getKey(), true, out);
            out.append('=');
            escape(e.getValue(), false, out);
            out.append('\n');
        }
        return out.toString();
    }

    static Metadata decode(String text) {
        if (text.isEmpty()) {
            return Metadata.EMPTY;
        }
        Map<String, String> values = new LinkedHashMap<>();
        StringBuilder key = new StringBuilder();
        StringBuilder value = new StringBuilder();
        StringBuilder current = key;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                current.append(switch (next) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else if (c == '=' && current == key) {
                current = value;
            } else if (c == '\n') {
                values.put(key.toString(), value.toString());
                key.setLength(0);
                value.setLength(0);
                current = key;
            } else {
                current.append(c);
            }
        }
        if (!key.isEmpty()) {
            values.put(key.toString(), value.toString());
        }
        return new Metadata(values);
    }

    private static void escape(String s, boolean isKey, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '=' -> out.append(isKey ? "\\=" : "=");
                default -> out.append(c);
            }
        }
    }
}
