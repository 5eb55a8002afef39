package io.conduit.hl7v2.describe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The standard's names of HL7 v2 fields ({@code PID-3} is "Patient Identifier List"), for every
 * segment of v2.8.1 and the segments and fields of v2.5.1 that 2.8.1 dropped, so withdrawn fields
 * keep their name. Z-segments and fields past a segment's last defined field have no name.
 *
 * <p>The names come from {@code field-names.tsv} next to this class, generated from HAPI's
 * segment structures by the test class {@code FieldNamesGenerator}; a test keeps the two equal.
 * The table is read once, on first use, into an immutable map: thread-safe.
 */
public final class Hl7FieldNames {

    private static final String RESOURCE = "field-names.tsv";

    private Hl7FieldNames() {
    }

    /**
     * The name of a field, e.g. {@code name("MSH", 9)} is "Message Type".
     *
     * @param segment the segment id, upper case as in a message ({@code PID})
     * @param field   the field number as the standard counts it (MSH-1 is the field separator)
     * @return the name, or empty for an unknown segment (a Z-segment, say) or a field number the
     *         segment does not define (including numbers below 1)
     */
    public static Optional<String> name(String segment, int field) {
        List<String> names = Table.NAMES.get(segment);
        if (names == null || field < 1 || field > names.size()) {
            return Optional.empty();
        }
        return Optional.of(names.get(field - 1));
    }

    /** Holder: the JVM loads the table once, when {@link #name} first needs it. */
    private static final class Table {
        static final Map<String, List<String>> NAMES = load();
    }

    private static Map<String, List<String>> load() {
        try (InputStream in = Hl7FieldNames.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the conduit-hl7v2 jar next to "
                        + Hl7FieldNames.class.getName() + "; rebuild the module");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
    }

    /**
     * Reads {@code segment TAB number TAB name} lines ({@code #} lines are comments). Fields of a
     * segment must come in order from 1 without gaps, so a field's name sits at index field - 1.
     */
    static Map<String, List<String>> parse(BufferedReader reader) throws IOException {
        Map<String, List<String>> names = new HashMap<>();
        int lineNumber = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t", -1);
            List<String> fields = columns.length == 3 ? names.computeIfAbsent(columns[0], s -> new ArrayList<>()) : null;
            if (fields == null || !columns[1].equals(Integer.toString(fields.size() + 1)) || columns[2].isEmpty()) {
                throw new IllegalStateException(RESOURCE + " line " + lineNumber
                        + ": expected segment, the segment's next field number and a name, separated by tabs");
            }
            fields.add(columns[2]);
        }
        Map<String, List<String>> frozen = new HashMap<>();
        names.forEach((segment, fields) -> frozen.put(segment, List.copyOf(fields)));
        return Map.copyOf(frozen);
    }
}
