package io.conduit.files;

import io.conduit.core.connector.OutboundMessage;
import io.conduit.core.datatype.ParsedMessage;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A compiled file-name template such as {@code {date:yyyyMMdd}/{MSH-9.1}-{messageId}.hl7}.
 *
 * <p>Placeholders are in braces (not {@code ${…}}, which config files use for environment
 * variables); {@code {{} and {@code }}} stand for literal braces:
 * <ul>
 *   <li>{@code {channel}}, {@code {destination}}, {@code {messageId}};</li>
 *   <li>{@code {date:PATTERN}} and {@code {time:PATTERN}}: the message's {@code receivedAt} formatted
 *       with a {@link DateTimeFormatter} pattern in the configured zone ({@code {date}} alone is
 *       {@code yyyyMMdd}, {@code {time}} alone {@code HHmmss}); the two differ only in that default;</li>
 *   <li>{@code {metadata.KEY}}: a metadata value, e.g. {@code {metadata.controlId}};</li>
 *   <li>anything else is a path in the channel data type's notation ({@code {MSH-10}},
 *       {@code {PID-3.1}}), resolved by parsing the content, which happens only when the template
 *       holds such a path. A bare lower-case word that is not one of the names above
 *       ({@code {messageid}}) is refused as a likely typo.</li>
 * </ul>
 * A missing value resolves to an empty string. Every resolved value is sanitised so it cannot
 * leave the directory: {@code /}, {@code \}, control characters and {@code ..} become underscores.
 * Literal text may contain {@code /} to write into sub-directories, but must not be absolute or
 * contain a {@code ..} segment.
 *
 * <p>Immutable and thread-safe.
 */
final class FileNameTemplate {

    private static final Set<String> SIMPLE = Set.of("channel", "destination", "messageId");
    private static final Pattern KEYWORD_LIKE = Pattern.compile("[a-z][A-Za-z0-9]*");
    private static final Pattern UNSAFE = Pattern.compile("[/\\\\\\p{Cntrl}]");
    private static final Instant PROBE = Instant.parse("2024-02-29T13:14:15.123Z");

    /**
     * What a template needs from one message.
     *
     * @param parsed the parsed content; may be null when {@link #needsParse()} is false
     */
    record Values(String channel, String destination, OutboundMessage message, @Nullable ParsedMessage parsed) {
    }

    private sealed interface Part {
    }

    private record Literal(String text) implements Part {
    }

    private record Simple(String name) implements Part {
    }

    private record Timestamp(DateTimeFormatter formatter) implements Part {
    }

    private record MetadataValue(String key) implements Part {
    }

    private record DataPath(String path) implements Part {
    }

    private final String text;
    private final List<Part> parts;
    private final boolean needsParse;

    private FileNameTemplate(String text, List<Part> parts) {
        this.text = text;
        this.parts = List.copyOf(parts);
        this.needsParse = parts.stream().anyMatch(DataPath.class::isInstance);
    }

    /**
     * Compiles a template.
     *
     * @throws IllegalArgumentException saying what is wrong, for the config error
     */
    static FileNameTemplate compile(String text, ZoneId zone) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '{' && text.startsWith("{{", i) || c == '}' && text.startsWith("}}", i)) {
                literal.append(c);
                i += 2;
            } else if (c == '}') {
                throw new IllegalArgumentException("has a '}' without its '{' at position " + (i + 1) + "; write }} for a literal brace");
            } else if (c == '{') {
                int end = text.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException("has a '{' without its '}' at position " + (i + 1));
                }
                if (!literal.isEmpty()) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(placeholder(text.substring(i + 1, end), zone));
                i = end + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        checkLiterals(parts);
        return new FileNameTemplate(text, parts);
    }

    private static Part placeholder(String body, ZoneId zone) {
        if (body.isEmpty() || !body.strip().equals(body) || body.contains("{")) {
            throw new IllegalArgumentException("has an empty or malformed placeholder '{" + body + "}'");
        }
        if (SIMPLE.contains(body)) {
            return new Simple(body);
        }
        if (body.equals("date") || body.startsWith("date:")) {
            return timestamp(body, "yyyyMMdd", zone);
        }
        if (body.equals("time") || body.startsWith("time:")) {
            return timestamp(body, "HHmmss", zone);
        }
        if (body.startsWith("metadata.")) {
            String key = body.substring("metadata.".length());
            if (key.isEmpty()) {
                throw new IllegalArgumentException("placeholder '{metadata.}' needs a key, e.g. {metadata.controlId}");
            }
            return new MetadataValue(key);
        }
        int colon = body.indexOf(':');
        if (colon > 0 && KEYWORD_LIKE.matcher(body.substring(0, colon)).matches() || KEYWORD_LIKE.matcher(body).matches()) {
            throw new IllegalArgumentException("has an unknown placeholder '{" + body + "}'; use {channel}, {destination}, "
                    + "{messageId}, {date:yyyyMMdd}, {time:HHmmss}, {metadata.KEY} or a data type path such as {MSH-10}");
        }
        return new DataPath(body);
    }

    private static Part timestamp(String body, String defaultPattern, ZoneId zone) {
        int colon = body.indexOf(':');
        String pattern = colon < 0 ? defaultPattern : body.substring(colon + 1);
        DateTimeFormatter formatter;
        try {
            formatter = DateTimeFormatter.ofPattern(pattern).withZone(zone);
            formatter.format(PROBE); // catches patterns that parse but ask for fields an instant lacks
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("placeholder '{" + body + "}' has an invalid date-time pattern '" + pattern
                    + "' (" + e.getMessage() + "); use java.time.format.DateTimeFormatter letters such as yyyyMMdd or HHmmss");
        }
        return new Timestamp(formatter);
    }

    private static void checkLiterals(List<Part> parts) {
        for (Part part : parts) {
            if (part instanceof Literal(String literal)) {
                if (literal.contains("\\")) {
                    throw new IllegalArgumentException("must not contain '\\'; use '/' for sub-directories");
                }
                for (String segment : literal.split("/", -1)) {
                    if (segment.equals("..")) {
                        throw new IllegalArgumentException("must not contain a '..' segment: files stay inside the directory");
                    }
                }
            }
        }
        if (parts.getFirst() instanceof Literal(String first) && first.startsWith("/")) {
            throw new IllegalArgumentException("must be relative to the directory, not start with '/'");
        }
        if (parts.getLast() instanceof Literal(String last) && last.endsWith("/")) {
            throw new IllegalArgumentException("must end with a file name, not '/'");
        }
    }

    /** Whether resolving needs the parsed message (the template holds a data type path). */
    boolean needsParse() {
        return needsParse;
    }

    /**
     * The relative file name for one message.
     *
     * @throws IllegalArgumentException when a data type path is invalid, or the name has an empty,
     *                                  {@code .} or {@code ..} segment once resolved
     */
    String resolve(Values values) {
        StringBuilder name = new StringBuilder();
        @Nullable ParsedMessage parsed = values.parsed();
        for (Part part : parts) {
            switch (part) {
                case Literal(String literal) -> name.append(literal);
                case Simple(String simple) -> name.append(sanitise(switch (simple) {
                    case "channel" -> values.channel();
                    case "destination" -> values.destination();
                    default -> values.message().id().toString();
                }));
                case Timestamp(DateTimeFormatter formatter) -> name.append(sanitise(formatter.format(values.message().receivedAt())));
                case MetadataValue(String key) -> name.append(sanitise(values.message().metadata().get(key).orElse("")));
                case DataPath(String path) -> {
                    if (parsed == null) {
                        throw new IllegalStateException("template " + text + " needs the parsed message");
                    }
                    name.append(sanitise(parsed.get(path).orElse("")));
                }
            }
        }
        for (String segment : name.toString().split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                // The resolved name is not repeated: values from the message may be PHI.
                throw new IllegalArgumentException("template " + text + " resolved to a name with an empty or dot-only "
                        + "part (is a value it needs missing from the message?)");
            }
        }
        return name.toString();
    }

    /** Makes a value safe as (part of) one file name: it can neither add a directory level nor climb out. */
    static String sanitise(String value) {
        return UNSAFE.matcher(value).replaceAll("_").replace("..", "__");
    }

    @Override
    public String toString() {
        return text;
    }
}
