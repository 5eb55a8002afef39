package io.conduit.hl7v2.validate;

import io.conduit.hl7v2.parse.Hl7Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The compact rule table: required fields and checked data types of common segments.
 *
 * <p>Taken from the v2.5.1 segment definitions, with the changes up to v2.8.1 marked by version
 * (e.g. {@code TS6<2.8}: OBR-6 was withdrawn in v2.8). {@code SegmentRulesTest} checks the table
 * against HAPI's v2.5, v2.5.1 and v2.8.1 structures, so a typo here fails the build. TS and its
 * v2.6+ successor DTM are checked alike.
 *
 * <p>Notation, space separated: {@code R<n>} field n is required; {@code TS|DT|TM|NM|SI<n>} field n
 * has that data type; a suffix {@code >=x.y} or {@code <x.y} limits the rule to those versions.
 */
final class SegmentRules {

    /** Data types with a checkable format. */
    enum Type { TS, DT, TM, NM, SI }

    /** One field's rules for one version. */
    record FieldRule(int field, boolean required, @Nullable Type type) {
    }

    private static final Map<String, String> TABLE = Map.ofEntries(
            Map.entry("MSH", "R9 R10 R11 R12 R7>=2.5 TS7 NM13"),
            Map.entry("EVN", "R2 TS2 TS3 TS6"),
            Map.entry("PID", "R3 R5 SI1 TS7 NM25 TS29 TS33"),
            Map.entry("PV1", "R2 SI1 DT25 NM26 NM27 DT30 NM32 NM33 DT35 TS44 TS45 NM46 NM47 NM48 NM49"),
            Map.entry("NK1", "R1 SI1 DT8 DT9 TS16"),
            Map.entry("OBR", "R4 SI1 TS6<2.8 TS7 TS8 TS14<2.8 TS22 TS36 NM37"),
            Map.entry("OBX", "R3 R11 SI1 NM9 TS12 TS14 TS19"),
            Map.entry("ORC", "R1 TS9 TS15 TS27 DT32>=2.8"),
            Map.entry("MSA", "R1 R2 NM4 NM7>=2.8"),
            Map.entry("AL1", "R1 R3 SI1 DT6<2.8"),
            Map.entry("DG1", "R1 R3>=2.8 R6 SI1 TS5 NM12 NM15>=2.8 TS19"),
            Map.entry("IN1", "R1 R2 R3 SI1 DT12 DT13 TS18 DT24 DT26 TS29 NM33 NM34 NM39 DT51"),
            Map.entry("NTE", "SI1 TS6>=2.8 TS7>=2.8 TS8>=2.8"),
            Map.entry("MRG", "R1"),
            Map.entry("SCH", "R6 R16 R20 NM3 NM9"),
            Map.entry("TXA", "R1 R2 R12 R17 SI1 TS4 TS6 TS7 TS8 TS26>=2.8"),
            Map.entry("FT1", "R4 R6 R7 SI1 TS5 NM10 SI31"),
            Map.entry("PD1", "DT13 DT17 DT18 DT22>=2.8"));

    private SegmentRules() {
    }

    /** The segments the table knows. */
    static java.util.Set<String> segments() {
        return TABLE.keySet();
    }

    /** The rules for {@code segment} in {@code version}, one entry per field, in field order; empty when unknown. */
    static List<FieldRule> forSegment(String segment, Hl7Version version) {
        String spec = TABLE.get(segment);
        if (spec == null) {
            return List.of();
        }
        Map<Integer, FieldRule> byField = new LinkedHashMap<>();
        for (String token : spec.split(" ")) {
            String rule = token;
            int cut = Math.max(rule.indexOf(">="), rule.indexOf('<'));
            if (cut > 0) {
                boolean atLeast = rule.startsWith(">=", cut);
                Hl7Version bound = Hl7Version.parseOrDefault(rule.substring(cut + (atLeast ? 2 : 1)));
                if (atLeast == version.isBefore(bound)) {
                    continue;
                }
                rule = rule.substring(0, cut);
            }
            boolean required = rule.charAt(0) == 'R';
            String kind = required ? "R" : rule.substring(0, 2);
            int field = Integer.parseInt(rule.substring(kind.length()));
            FieldRule old = byField.get(field);
            byField.put(field, new FieldRule(field,
                    required || (old != null && old.required()),
                    required ? (old == null ? null : old.type()) : Type.valueOf(kind)));
        }
        List<FieldRule> rules = new ArrayList<>(byField.values());
        rules.sort((a, b) -> Integer.compare(a.field(), b.field()));
        return rules;
    }
}
