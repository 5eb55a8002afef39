package io.conduit.hl7v2.validate;

import io.conduit.core.datatype.MessageFormatException;
import io.conduit.hl7v2.parse.Hl7ErrorCode;
import io.conduit.hl7v2.parse.Hl7Message;
import io.conduit.hl7v2.parse.Hl7Version;
import io.conduit.hl7v2.path.Hl7Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code validation: strict}: checks a message against its version's rules for common segments —
 * required segments of common message types, required fields, and the formats of TS/DTM, DT, TM,
 * NM and SI fields (OBX-5 by the type in OBX-2). Segment order and table values are not checked.
 *
 * <p>The first problem found is thrown with its location (e.g. {@code PID-7}, {@code OBX[2]-5}) so
 * the ACK's ERR segment can point at it; the text counts the others. Texts never quote values.
 */
public final class StrictValidator {

    private static final Set<String> ADT_WITH_VISIT = Set.of(
            "A01", "A02", "A03", "A04", "A05", "A06", "A07", "A08", "A09", "A10", "A11", "A12", "A13", "A28", "A31");

    /** Rules per version and segment, built once per version seen. */
    private static final Map<Hl7Version, Map<String, List<SegmentRules.FieldRule>>> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private StrictValidator() {
    }

    /**
     * @throws MessageFormatException ({@code INVALID}) at the first problem
     */
    public static void validate(Hl7Message message) throws MessageFormatException {
        List<Problem> problems = new ArrayList<>();
        Hl7Version version = Hl7Version.parseOrDefault(message.version());
        checkRequiredSegments(message, problems);
        Map<String, List<SegmentRules.FieldRule>> rules = CACHE.computeIfAbsent(version, StrictValidator::rulesFor);
        Map<String, Integer> occurrences = new HashMap<>();
        for (int seg = 0; seg < message.segmentCount(); seg++) {
            String name = message.segmentName(seg);
            int occurrence = occurrences.merge(name, 1, Integer::sum);
            if (!Hl7Path.isSegmentId(name)) {
                problems.add(new Problem("segment " + (seg + 1) + " has an invalid segment id", null, Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR));
                continue;
            }
            for (SegmentRules.FieldRule rule : rules.getOrDefault(name, List.of())) {
                checkField(message, seg, name, occurrence, rule.field(), rule.required(), rule.type(), problems);
            }
            if (name.equals("OBX")) {
                checkObservationValue(message, seg, occurrence, problems);
            }
        }
        if (!problems.isEmpty()) {
            Problem first = problems.get(0);
            String text = problems.size() == 1 ? first.text() : first.text() + " (and " + (problems.size() - 1) + " more problems)";
            throw new MessageFormatException(MessageFormatException.Kind.INVALID, text, first.location(), first.code().code());
        }
    }

    private record Problem(String text, @Nullable String location, Hl7ErrorCode code) {
    }

    private static Map<String, List<SegmentRules.FieldRule>> rulesFor(Hl7Version version) {
        Map<String, List<SegmentRules.FieldRule>> map = new HashMap<>();
        for (String segment : SegmentRules.segments()) {
            map.put(segment, SegmentRules.forSegment(segment, version));
        }
        return Map.copyOf(map);
    }

    private static void checkRequiredSegments(Hl7Message message, List<Problem> problems) {
        String type = message.get("MSH-9.1").orElse("");
        String trigger = message.get("MSH-9.2").orElse("");
        List<String> required = switch (type) {
            case "ADT" -> ADT_WITH_VISIT.contains(trigger) ? List.of("EVN", "PID", "PV1")
                    : trigger.equals("A40") ? List.of("EVN", "PID", "MRG") : List.of("EVN", "PID");
            case "ORU" -> List.of("OBR");
            case "ORM", "OML" -> List.of("ORC");
            case "SIU" -> List.of("SCH");
            case "MDM" -> List.of("EVN", "PID", "PV1", "TXA");
            case "DFT" -> List.of("EVN", "PID");
            case "ACK" -> List.of("MSA");
            default -> List.of();
        };
        for (String segment : required) {
            if (!hasSegment(message, segment)) {
                problems.add(new Problem("required segment is missing", segment, Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR));
            }
        }
    }

    private static boolean hasSegment(Hl7Message message, String name) {
        for (int i = 0; i < message.segmentCount(); i++) {
            if (message.segmentName(i).equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static void checkField(Hl7Message message, int seg, String name, int occurrence, int field, boolean required,
            SegmentRules.@Nullable Type type, List<Problem> problems) {
        String raw = message.field(seg, field);
        if (raw.isEmpty()) {
            if (required) {
                problems.add(new Problem("required field is empty", location(name, occurrence, field, 1), Hl7ErrorCode.REQUIRED_FIELD_MISSING));
            }
            return;
        }
        if (type == null) {
            return;
        }
        String[] reps = split(raw, message.delimiters().repetition());
        for (int r = 0; r < reps.length; r++) {
            String value = reps[r];
            if (type == SegmentRules.Type.TS) {
                // TS is a composite (time ^ degree of precision) before v2.6; the time is component 1.
                int cut = value.indexOf(message.delimiters().component());
                value = cut < 0 ? value : value.substring(0, cut);
            }
            if (value.isEmpty() || value.equals("\"\"")) {
                continue;
            }
            if (!matches(type, value)) {
                problems.add(new Problem("not a valid " + type + " value", location(name, occurrence, field, r + 1), Hl7ErrorCode.DATA_TYPE_ERROR));
            }
        }
    }

    private static void checkObservationValue(Hl7Message message, int seg, int occurrence, List<Problem> problems) {
        SegmentRules.@Nullable Type type = switch (message.field(seg, 2)) {
            case "NM" -> SegmentRules.Type.NM;
            case "DT" -> SegmentRules.Type.DT;
            case "TS", "DTM" -> SegmentRules.Type.TS;
            case "TM" -> SegmentRules.Type.TM;
            default -> null;
        };
        if (type != null) {
            checkField(message, seg, "OBX", occurrence, 5, false, type, problems);
        }
    }

    private static boolean matches(SegmentRules.Type type, String value) {
        return switch (type) {
            case TS -> DataTypeFormats.isDateTime(value);
            case DT -> DataTypeFormats.isDate(value);
            case TM -> DataTypeFormats.isTime(value);
            case NM -> DataTypeFormats.isNumber(value);
            case SI -> DataTypeFormats.isSequenceId(value);
        };
    }

    private static String location(String segment, int occurrence, int field, int repetition) {
        return segment + (occurrence > 1 ? "[" + occurrence + "]" : "") + "-" + field + (repetition > 1 ? "[" + repetition + "]" : "");
    }

    private static String[] split(String value, char separator) {
        return value.indexOf(separator) < 0 ? new String[] {value}
                : value.split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1);
    }
}
