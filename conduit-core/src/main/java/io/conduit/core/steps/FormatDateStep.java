package io.conduit.core.steps;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.pipeline.StepContext;
import io.conduit.core.pipeline.StepException;
import io.conduit.core.pipeline.StepFactory;
import io.conduit.core.pipeline.Transformer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * {@code {type: formatDate, path: PID-7, from: hl7, to: "yyyy-MM-dd"}}: rewrites a date or
 * timestamp from one pattern to another ({@link DateTimeFormatter} patterns). {@code hl7} reads
 * HL7's DTM of any precision ({@code YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]}) and writes
 * {@code yyyyMMddHHmmss}, plus the offset when the value has one. Dates are read strictly
 * ({@code 20230231} is an error, not February 28th). With {@code zone}, a value carrying an offset
 * is converted to that zone first. An unreadable value fails the message ({@code onError: fail}, the default) or is left as
 * it was ({@code onError: keep}); the error never quotes the value.
 */
public final class FormatDateStep implements StepFactory {

    private static final DateTimeFormatter HL7_READ = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.YEAR, 4)
            .optionalStart().appendValue(ChronoField.MONTH_OF_YEAR, 2)
            .optionalStart().appendValue(ChronoField.DAY_OF_MONTH, 2)
            .optionalStart().appendValue(ChronoField.HOUR_OF_DAY, 2)
            .optionalStart().appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 4, true).optionalEnd()
            .optionalEnd().optionalEnd().optionalEnd().optionalEnd().optionalEnd()
            .optionalStart().appendOffset("+HHMM", "+0000").optionalEnd()
            .toFormatter().withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter HL7_WRITE = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");
    private static final DateTimeFormatter HL7_WRITE_OFFSET = DateTimeFormatter.ofPattern("uuuuMMddHHmmssxx");

    @Override
    public String type() {
        return "formatDate";
    }

    @Override
    public Transformer transformer(ConfigNode config, StepContext context) throws ConfigException {
        StepPath path = StepPath.read(config, "path", context);
        DateTimeFormatter from = formatter(config, "from", HL7_READ);
        DateTimeFormatter to = formatter(config, "to", HL7_WRITE);
        boolean toHl7 = to == HL7_WRITE;
        @Nullable ZoneId zone = null;
        if (config.has("zone")) {
            try {
                zone = ZoneId.of(config.string("zone"));
            } catch (DateTimeException e) {
                throw config.error("zone", "is not a time zone (e.g. Europe/Berlin or UTC): " + e.getMessage());
            }
        }
        boolean keepOnError = switch (config.string("onError", "fail")) {
            case "fail" -> false;
            case "keep" -> true;
            default -> throw config.error("onError", "must be 'fail' (the message errors) or 'keep' (the value stays)");
        };
        config.finish();
        @Nullable ZoneId targetZone = zone;
        String label = "formatDate " + path;
        return new ValueStep(path, value -> {
            try {
                TemporalAccessor converted = convert(from.parse(value), targetZone);
                // HL7 output keeps the offset the value had (or got from zone): dropping it moves the instant.
                DateTimeFormatter out = toHl7 && converted.isSupported(ChronoField.OFFSET_SECONDS) ? HL7_WRITE_OFFSET : to;
                return out.format(converted);
            } catch (DateTimeParseException e) {
                if (keepOnError) {
                    return null;
                }
                throw new StepException(label + ": the value does not match the 'from' pattern (at character "
                        + e.getErrorIndex() + ")");
            } catch (DateTimeException e) {
                if (keepOnError) {
                    return null;
                }
                throw new StepException(label + ": the value lacks what the 'to' pattern needs: " + safe(e));
            }
        });
    }

    private static DateTimeFormatter formatter(ConfigNode config, String key, DateTimeFormatter hl7) throws ConfigException {
        String pattern = config.string(key);
        if (pattern.equals("hl7")) {
            return hl7;
        }
        try {
            // Strict: 20230231 is an error, not February 28th. Strict resolving needs 'u' (year)
            // where users write 'y' (year of era), so unquoted y becomes u.
            return DateTimeFormatter.ofPattern(yearOfEraAsYear(pattern)).withResolverStyle(ResolverStyle.STRICT);
        } catch (IllegalArgumentException e) {
            throw config.error(key, "is not a date pattern (e.g. yyyyMMdd, yyyy-MM-dd'T'HH:mm:ss, or hl7): " + e.getMessage());
        }
    }

    /**
     * Resolves what was parsed to a date-time, filling what a partial HL7 date lacks (month, day,
     * time) so any output pattern can be written; a value with an offset moves to {@code zone}.
     */
    private static TemporalAccessor convert(TemporalAccessor parsed, @Nullable ZoneId zone) {
        if (!parsed.isSupported(ChronoField.YEAR)) {
            return parsed;
        }
        LocalDate date = LocalDate.of(parsed.get(ChronoField.YEAR), get(parsed, ChronoField.MONTH_OF_YEAR, 1),
                get(parsed, ChronoField.DAY_OF_MONTH, 1));
        if (!parsed.isSupported(ChronoField.HOUR_OF_DAY)) {
            return date.atStartOfDay();
        }
        LocalDateTime dateTime = date.atTime(parsed.get(ChronoField.HOUR_OF_DAY), get(parsed, ChronoField.MINUTE_OF_HOUR, 0),
                get(parsed, ChronoField.SECOND_OF_MINUTE, 0), get(parsed, ChronoField.NANO_OF_SECOND, 0));
        if (!parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
            return dateTime;
        }
        OffsetDateTime odt = dateTime.atOffset(java.time.ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)));
        return zone == null ? odt : odt.atZoneSameInstant(zone);
    }

    private static int get(TemporalAccessor t, ChronoField field, int fallback) {
        return t.isSupported(field) ? t.get(field) : fallback;
    }

    private static String yearOfEraAsYear(String pattern) {
        StringBuilder sb = new StringBuilder(pattern.length());
        boolean quoted = false;
        for (char c : pattern.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            }
            sb.append(!quoted && c == 'y' && pattern.indexOf('G') < 0 ? 'u' : c);
        }
        return sb.toString();
    }

    /** DateTimeException texts quote the parsed value (PHI such as a birth date): keep only the field names. */
    private static String safe(DateTimeException e) {
        String text = String.valueOf(e.getMessage());
        int colon = text.indexOf(':');
        return colon > 0 ? text.substring(0, colon) : "missing field";
    }
}
