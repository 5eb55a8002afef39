package io.conduit.hl7v2.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Field-level differences between two HL7 v2 messages, for {@code conduit test}: segments are
 * compared in order, then fields, repetitions and components, and each difference is named by its
 * path ({@code PID-5[1].2: expected "JOHN", got "JON"}), not as a text diff.
 */
public final class Hl7Differences {

    private static final int LIMIT = 40;

    private Hl7Differences() {
    }

    /** The differences, at most {@value #LIMIT}; empty when the messages are equal. */
    public static List<String> of(Hl7Message expected, Hl7Message actual) {
        List<String> out = new ArrayList<>();
        int segments = Math.max(expected.segmentCount(), actual.segmentCount());
        List<String> expectedNames = names(expected);
        List<String> actualNames = names(actual);
        for (int i = 0; i < segments && out.size() < LIMIT; i++) {
            String en = i < expected.segmentCount() ? expected.segmentName(i) : null;
            String an = i < actual.segmentCount() ? actual.segmentName(i) : null;
            if (en == null || an == null || !en.equals(an)) {
                out.add("segment " + (i + 1) + ": expected " + (en == null ? "no segment" : en) + ", got "
                        + (an == null ? "no segment" : an) + " (expected order " + expectedNames + ", got " + actualNames + ")");
                return out;
            }
            compareSegment(en, occurrence(expected, i), expected.segment(i), actual.segment(i), expected.delimiters(),
                    actual.delimiters(), out);
        }
        return out.size() > LIMIT ? out.subList(0, LIMIT) : out;
    }

    private static List<String> names(Hl7Message m) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < m.segmentCount(); i++) {
            names.add(m.segmentName(i));
        }
        return names;
    }

    private static int occurrence(Hl7Message m, int index) {
        int n = 0;
        for (int i = 0; i <= index; i++) {
            if (m.segmentName(i).equals(m.segmentName(index))) {
                n++;
            }
        }
        return n;
    }

    private static void compareSegment(String name, int occurrence, String expected, String actual, Delimiters ed,
                                       Delimiters ad, List<String> out) {
        if (expected.equals(actual) && ed.equals(ad)) {
            return;
        }
        String prefix = name + (occurrence > 1 ? "[" + occurrence + "]" : "");
        List<String> ef = split(expected, ed.field());
        List<String> af = split(actual, ad.field());
        boolean msh = name.equals("MSH");
        int fields = Math.max(ef.size(), af.size());
        for (int f = 1; f < fields; f++) {
            // MSH-1 is the field separator itself, so MSH's pieces are shifted by one.
            int number = msh ? f + 1 : f;
            String e = f < ef.size() ? ef.get(f) : "";
            String a = f < af.size() ? af.get(f) : "";
            if (msh && f == 1) {
                if (!e.equals(a)) {
                    out.add(prefix + "-2: expected \"" + e + "\", got \"" + a + "\"");
                }
                continue;
            }
            compareField(prefix + "-" + number, e, a, ed, ad, out);
        }
    }

    private static void compareField(String path, String expected, String actual, Delimiters ed, Delimiters ad,
                                     List<String> out) {
        if (expected.equals(actual)) {
            return;
        }
        List<String> er = split(expected, ed.repetition());
        List<String> ar = split(actual, ad.repetition());
        boolean repeated = er.size() > 1 || ar.size() > 1;
        for (int r = 0; r < Math.max(er.size(), ar.size()); r++) {
            String e = r < er.size() ? er.get(r) : "";
            String a = r < ar.size() ? ar.get(r) : "";
            if (e.equals(a)) {
                continue;
            }
            String repPath = path + (repeated ? "[" + (r + 1) + "]" : "");
            List<String> ec = split(e, ed.component());
            List<String> ac = split(a, ad.component());
            if (ec.size() == 1 && ac.size() == 1) {
                out.add(repPath + ": expected " + quote(e) + ", got " + quote(a));
                continue;
            }
            for (int c = 0; c < Math.max(ec.size(), ac.size()); c++) {
                String ev = c < ec.size() ? ec.get(c) : "";
                String av = c < ac.size() ? ac.get(c) : "";
                if (!ev.equals(av)) {
                    out.add(repPath + "." + (c + 1) + ": expected " + quote(ev) + ", got " + quote(av));
                }
            }
        }
    }

    private static String quote(String s) {
        return s.isEmpty() ? "(empty)" : "\"" + s + "\"";
    }

    private static List<String> split(String s, char sep) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        int at;
        while ((at = s.indexOf(sep, start)) >= 0) {
            parts.add(s.substring(start, at));
            start = at + 1;
        }
        parts.add(s.substring(start));
        return parts;
    }
}
