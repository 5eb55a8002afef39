package io.conduit.hl7v2.validate;

/**
 * Format checks for the primitive data types strict validation knows: TS/DTM, DT, TM, NM and SI
 * (v2.5 section 2.A). Hand-written rather than regular expressions so that values are also checked
 * for range (month 13 or 30 February are errors), and to stay allocation-free.
 */
final class DataTypeFormats {

    private DataTypeFormats() {
    }

    /** {@code YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]}. */
    static boolean isDateTime(String v) {
        int zone = zoneStart(v);
        String main = zone < 0 ? v : v.substring(0, zone);
        if (zone >= 0 && !isZone(v.substring(zone))) {
            return false;
        }
        int dot = main.indexOf('.');
        String digits = dot < 0 ? main : main.substring(0, dot);
        if (dot >= 0 && (digits.length() != 14 || !isFraction(main.substring(dot + 1)))) {
            return false;
        }
        int n = digits.length();
        if (n < 4 || n > 14 || n % 2 != 0 || !allDigits(digits)) {
            return false;
        }
        if (n >= 8 && !isDate(digits.substring(0, 8))) {
            return false;
        }
        if (n == 6 && !inRange(digits, 4, 1, 12)) {
            return false;
        }
        return n <= 8 || isTimeDigits(digits.substring(8));
    }

    /** {@code YYYY[MM[DD]]}. */
    static boolean isDate(String v) {
        int n = v.length();
        if ((n != 4 && n != 6 && n != 8) || !allDigits(v)) {
            return false;
        }
        if (n >= 6 && !inRange(v, 4, 1, 12)) {
            return false;
        }
        if (n == 8) {
            int year = Integer.parseInt(v.substring(0, 4));
            int month = Integer.parseInt(v.substring(4, 6));
            int day = Integer.parseInt(v.substring(6, 8));
            return day >= 1 && day <= java.time.YearMonth.of(year, month).lengthOfMonth();
        }
        return true;
    }

    /** {@code HH[MM[SS[.S[S[S[S]]]]]][+/-ZZZZ]}. */
    static boolean isTime(String v) {
        int zone = zoneStart(v);
        if (zone >= 0 && !isZone(v.substring(zone))) {
            return false;
        }
        String main = zone < 0 ? v : v.substring(0, zone);
        int dot = main.indexOf('.');
        String digits = dot < 0 ? main : main.substring(0, dot);
        if (dot >= 0 && (digits.length() != 6 || !isFraction(main.substring(dot + 1)))) {
            return false;
        }
        return allDigits(digits) && isTimeDigits(digits);
    }

    /** Optional sign, digits, optional decimal point: {@code -12}, {@code 1.5}, {@code .5}. */
    static boolean isNumber(String v) {
        int i = v.startsWith("+") || v.startsWith("-") ? 1 : 0;
        boolean digit = false;
        boolean dot = false;
        for (; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return false;
            }
        }
        return digit;
    }

    /** A non-negative integer of at most four digits. */
    static boolean isSequenceId(String v) {
        return !v.isEmpty() && v.length() <= 4 && allDigits(v);
    }

    private static boolean isTimeDigits(String d) {
        int n = d.length();
        if (n < 2 || n > 6 || n % 2 != 0) {
            return false;
        }
        return inRange(d, 0, 0, 23) && (n < 4 || inRange(d, 2, 0, 59)) && (n < 6 || inRange(d, 4, 0, 59));
    }

    private static int zoneStart(String v) {
        int plus = v.indexOf('+');
        return plus >= 0 ? plus : v.indexOf('-');
    }

    private static boolean isZone(String z) {
        return z.length() == 5 && allDigits(z.substring(1)) && inRange(z, 1, 0, 14) && inRange(z, 3, 0, 59);
    }

    private static boolean isFraction(String f) {
        return !f.isEmpty() && f.length() <= 4 && allDigits(f);
    }

    private static boolean inRange(String s, int at, int min, int max) {
        int v = (s.charAt(at) - '0') * 10 + (s.charAt(at + 1) - '0');
        return v >= min && v <= max;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
