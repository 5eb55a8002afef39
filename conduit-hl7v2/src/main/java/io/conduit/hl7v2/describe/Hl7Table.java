package io.conduit.hl7v2.describe;

import io.conduit.hl7v2.parse.Delimiters;
import io.conduit.hl7v2.parse.Hl7Message;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A message as a table: one {@link Row} per value, in message order, for a person to read.
 *
 * <p><b>Rows.</b> Each non-empty leaf (a field, repetition, component or subcomponent that is not
 * split further) gives one row; empty fields, repetitions and components give none, and so does a
 * segment with no values. Values are decoded: {@code \F\ \S\ \T\ \R\ \E\} become the delimiter
 * characters, {@code \Xhh\} the characters those bytes encode in the message's charset; formatting
 * sequences such as {@code \.br\} stay as they are (see {@link Delimiters#unescape}).
 *
 * <p><b>Numbering.</b> Fields are numbered as the standard does (MSH-1 is the field separator);
 * repetitions from 1. {@code component} is 0 when no repetition of the field holds a component
 * separator, else 1-based; {@code subcomponent} is 0 when that component holds no subcomponent
 * separator in any repetition of the field, else 1-based. So every value at one position of a field
 * carries the same numbers: in {@code 123^^^A~456} both identifiers are component 1.
 *
 * <p><b>Header segments.</b> In MSH (and BHS, FHS) field 1 is the field separator and field 2 the
 * encoding characters, each one row with its literal text, never split or decoded.
 *
 * <p><b>Null.</b> The HL7 null {@code ""} (the sender asks the receiver to delete a value) is a
 * value: its row holds the two quote characters, as {@link Hl7Message#get} returns them, so it is
 * not confused with an absent value (no row).
 *
 * <p>Stateless and thread-safe.
 */
public final class Hl7Table {

    private Hl7Table() {
    }

    /**
     * One value of a message.
     *
     * @param segment      the segment id, e.g. {@code PID}
     * @param segmentIndex which occurrence of that segment id this is, from 1 (the second OBX is 2)
     * @param field        the field number as the standard counts it
     * @param name         the field's name from {@link Hl7FieldNames}, or null (Z-segments, say)
     * @param repetition   the repetition, from 1
     * @param component    the component from 1, or 0 when the field has no components
     * @param subcomponent the subcomponent from 1, or 0 when the component has no subcomponents
     * @param value        the decoded value, never empty
     */
    public record Row(String segment, int segmentIndex, int field, @Nullable String name, int repetition, int component,
            int subcomponent, String value) {
    }

    /** The rows of {@code message}, in message order; see the class description. */
    public static List<Row> rows(Hl7Message message) {
        Delimiters delimiters = message.delimiters();
        List<Row> rows = new ArrayList<>();
        Map<String, Integer> occurrences = new HashMap<>();
        for (int i = 0; i < message.segmentCount(); i++) {
            String segment = message.segmentName(i);
            int occurrence = occurrences.merge(segment, 1, Integer::sum);
            new SegmentRows(segment, occurrence, delimiters, message.charset(), rows).add(message.segment(i));
        }
        return List.copyOf(rows);
    }

    /** Adds the rows of one segment to {@code rows}. */
    private record SegmentRows(String segment, int occurrence, Delimiters delimiters, Charset charset, List<Row> rows) {

        void add(String text) {
            List<String> pieces = split(text, delimiters.field());
            if (isHeader(segment)) {
                // MSH|^~\&|… : the first separator is MSH-1, the text after it MSH-2.
                leaf(1, 1, 0, 0, String.valueOf(delimiters.field()), false);
                if (pieces.size() > 1) {
                    leaf(2, 1, 0, 0, pieces.get(1), false);
                }
                for (int p = 2; p < pieces.size(); p++) {
                    field(p + 1, pieces.get(p));
                }
            } else {
                for (int p = 1; p < pieces.size(); p++) {
                    field(p, pieces.get(p));
                }
            }
        }

        private void field(int field, String text) {
            if (text.isEmpty()) {
                return;
            }
            boolean hasComponents = text.indexOf(delimiters.component()) >= 0;
            List<List<String>> repetitions = new ArrayList<>();
            for (String repetition : split(text, delimiters.repetition())) {
                repetitions.add(hasComponents ? split(repetition, delimiters.component()) : List.of(repetition));
            }
            for (int r = 0; r < repetitions.size(); r++) {
                List<String> components = repetitions.get(r);
                for (int c = 0; c < components.size(); c++) {
                    int component = hasComponents ? c + 1 : 0;
                    if (hasSubcomponents(repetitions, c)) {
                        List<String> subcomponents = split(components.get(c), delimiters.subcomponent());
                        for (int s = 0; s < subcomponents.size(); s++) {
                            leaf(field, r + 1, component, s + 1, subcomponents.get(s), true);
                        }
                    } else {
                        leaf(field, r + 1, component, 0, components.get(c), true);
                    }
                }
            }
        }

        /** Whether component {@code c} holds a subcomponent separator in any repetition. */
        private boolean hasSubcomponents(List<List<String>> repetitions, int c) {
            for (List<String> components : repetitions) {
                if (c < components.size() && components.get(c).indexOf(delimiters.subcomponent()) >= 0) {
                    return true;
                }
            }
            return false;
        }

        private void leaf(int field, int repetition, int component, int subcomponent, String text, boolean decode) {
            if (!text.isEmpty()) {
                String value = decode ? delimiters.unescape(text, charset) : text;
                rows.add(new Row(segment, occurrence, field, Hl7FieldNames.name(segment, field).orElse(null), repetition,
                        component, subcomponent, value));
            }
        }
    }

    /** Segments whose field 1 is the field separator itself and field 2 the encoding characters. */
    private static boolean isHeader(String segment) {
        return segment.equals("MSH") || segment.equals("BHS") || segment.equals("FHS");
    }

    /** {@code text} split at every {@code separator}, empty pieces kept. */
    private static List<String> split(String text, char separator) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        int at;
        while ((at = text.indexOf(separator, start)) >= 0) {
            pieces.add(text.substring(start, at));
            start = at + 1;
        }
        pieces.add(text.substring(start));
        return pieces;
    }
}
