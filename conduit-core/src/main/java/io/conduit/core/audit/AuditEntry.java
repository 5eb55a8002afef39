package io.conduit.core.audit;

import java.time.Instant;

/**
 * A stored audit event: its place in the chain, when it was recorded, and its hash (over the
 * entry and the previous entry's hash).
 */
public record AuditEntry(long seq, Instant at, AuditEvent event, String previousHash, String hash) {

    /** The entry as one JSON object per line (for export); strings are JSON-escaped. */
    public String toJsonLine() {
        StringBuilder sb = new StringBuilder(256).append('{');
        field(sb, "seq", Long.toString(seq), false).append(',');
        field(sb, "at", at.toString(), true).append(',');
        field(sb, "actor", event.actor(), true).append(',');
        field(sb, "address", event.address(), true).append(',');
        field(sb, "action", event.action(), true).append(',');
        field(sb, "channel", event.channel(), true).append(',');
        sb.append("\"messageIds\":[");
        for (int i = 0; i < event.messageIds().size(); i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(escape(event.messageIds().get(i))).append('"');
        }
        sb.append("],");
        field(sb, "detail", event.detail(), true).append(',');
        field(sb, "previousHash", previousHash, true).append(',');
        field(sb, "hash", hash, true);
        return sb.append('}').toString();
    }

    private static StringBuilder field(StringBuilder sb, String name, String value, boolean quoted) {
        sb.append('"').append(name).append("\":");
        return quoted ? sb.append('"').append(escape(value)).append('"') : sb.append(value);
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
