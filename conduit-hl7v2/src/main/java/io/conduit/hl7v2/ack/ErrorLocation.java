package io.conduit.hl7v2.ack;

import io.conduit.hl7v2.path.Hl7Path;
import org.jspecify.annotations.Nullable;

/**
 * Where an error is, for the ERR segment: read from a {@code MessageFormatException} location in
 * path notation ({@code MSH}, {@code PID-7}, {@code OBX[2]-5[1].1}). Numbers are 0 when not given.
 */
record ErrorLocation(String segment, int sequence, int field, int repetition, int component, int subcomponent) {

    /** The location, or null when {@code text} is not in path notation. */
    static @Nullable ErrorLocation parse(@Nullable String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.length() == 3) {
            return text.chars().allMatch(c -> Character.isUpperCase(c) || Character.isDigit(c))
                    ? new ErrorLocation(text, 1, 0, 0, 0, 0) : null;
        }
        try {
            Hl7Path p = Hl7Path.parse(text);
            return new ErrorLocation(p.segment(), Math.max(p.occurrenceOrFirst(), 1), p.field(),
                    Math.max(p.repetition(), 0), p.component(), p.subcomponent());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** ERR-2 (ERL, v2.5+): segment^sequence^field^repetition^component^subcomponent. */
    String toErl(char componentSeparator) {
        StringBuilder sb = new StringBuilder(segment).append(componentSeparator).append(sequence);
        if (field > 0) {
            sb.append(componentSeparator).append(field).append(componentSeparator).append(Math.max(repetition, 1));
            if (component > 0) {
                sb.append(componentSeparator).append(component);
                if (subcomponent > 0) {
                    sb.append(componentSeparator).append(subcomponent);
                }
            }
        }
        return sb.toString();
    }

    /** The first three components of ERR-1 (ELD, before v2.5): segment^sequence^field. */
    String toEld(char componentSeparator) {
        return segment + componentSeparator + sequence + componentSeparator + (field > 0 ? String.valueOf(field) : "");
    }
}
