package io.conduit.hl7v2.parse;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps HL7 table 0211 character set names (MSH-18) to Java charsets.
 *
 * <p>"UNICODE" is ambiguous in the standard (ISO/IEC 10646). We only ever read MSH-18 from header
 * bytes that were ASCII-compatible, and UTF-8 is the only Unicode encoding that is, so it maps to
 * UTF-8 (HAPI maps it to UTF-16, which cannot be right for such bytes). The JIS sets map to
 * ISO-2022-JP, the ASCII-compatible encoding that carries them with escape sequences. Java names
 * ({@code UTF-8}, {@code ISO-8859-1}) are accepted too, because senders write them.
 */
public final class Hl7Charsets {

    private static final Map<String, String> TABLE_0211 = Map.ofEntries(
            Map.entry("ASCII", "US-ASCII"),
            Map.entry("8859/1", "ISO-8859-1"),
            Map.entry("8859/2", "ISO-8859-2"),
            Map.entry("8859/3", "ISO-8859-3"),
            Map.entry("8859/4", "ISO-8859-4"),
            Map.entry("8859/5", "ISO-8859-5"),
            Map.entry("8859/6", "ISO-8859-6"),
            Map.entry("8859/7", "ISO-8859-7"),
            Map.entry("8859/8", "ISO-8859-8"),
            Map.entry("8859/9", "ISO-8859-9"),
            Map.entry("8859/15", "ISO-8859-15"),
            Map.entry("ISO IR6", "US-ASCII"),
            Map.entry("ISO IR100", "ISO-8859-1"),
            Map.entry("ISO IR14", "ISO-2022-JP"),
            Map.entry("ISO IR87", "ISO-2022-JP"),
            Map.entry("ISO IR159", "ISO-2022-JP-2"),
            Map.entry("UNICODE", "UTF-8"),
            Map.entry("UNICODE UTF-8", "UTF-8"),
            Map.entry("UNICODE UTF-16", "UTF-16"),
            Map.entry("UNICODE UTF-32", "UTF-32"),
            Map.entry("GB 18030-2000", "GB18030"),
            Map.entry("KS X 1001", "EUC-KR"),
            Map.entry("CNS 11643-1992", "x-EUC-TW"),
            Map.entry("BIG-5", "Big5"));

    private Hl7Charsets() {
    }

    /** The Java charset for an MSH-18 value, empty when unknown or unsupported by this JVM. */
    public static Optional<Charset> forHl7Name(String name) {
        String key = name.trim().replace('_', ' ').toUpperCase(Locale.ROOT);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        if (key.equals("UNICODE UTF-8") || key.equals("UTF-8") || key.equals("UTF8")) {
            return Optional.of(StandardCharsets.UTF_8);
        }
        if (key.equals("8859/1")) {
            return Optional.of(StandardCharsets.ISO_8859_1);
        }
        String javaName = TABLE_0211.getOrDefault(key, key);
        try {
            return Optional.of(Charset.forName(javaName));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
