package io.conduit.core.config;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One YAML mapping of a configuration file, read field by field into typed values.
 *
 * <p>Every accessor parses to its type at load time and, on a bad value, throws a
 * {@link ConfigException} naming the file, the line and the dotted field path, and saying what is
 * allowed. Keys that no accessor read are errors: call {@link #finish()} after reading a mapping.
 * Scalar values go through {@code ${ENV}} substitution.
 *
 * <p>Not thread-safe: a loader reads a node on one thread, then builds immutable records from it.
 */
public final class ConfigNode {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|KiB|MB|MiB|GB|GiB)?", Pattern.CASE_INSENSITIVE);

    private final String file;
    private final String field;
    private final Node node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> read = new LinkedHashSet<>();
    private final EnvSubstitution env;

    private ConfigNode(String file, String field, Node node, EnvSubstitution env) {
        this.file = file;
        this.field = field;
        this.node = node;
        this.env = env;
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    entries.put(key.getValue(), tuple);
                }
            }
        }
    }

    /**
     * Reads a YAML file whose top level must be a mapping.
     *
     * @param displayName how errors name the file
     * @param env         environment lookup for {@code ${NAME}} (usually {@code System::getenv})
     */
    public static ConfigNode load(Path path, String displayName, Function<String, @Nullable String> env)
            throws ConfigException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(displayName, 0, "", "cannot read file: " + e.getMessage()));
        }
        return parse(text, displayName, env);
    }

    /** Parses YAML text whose top level must be a mapping (an empty text is an empty mapping). */
    public static ConfigNode parse(String text, String displayName, Function<String, @Nullable String> env)
            throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(20);
        Node root;
        try {
            root = new Yaml(options).compose(new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(new ConfigProblem(displayName, line, "", "invalid YAML: " + e.getProblem()));
        } catch (RuntimeException e) {
            throw new ConfigException(new ConfigProblem(displayName, 0, "", "invalid YAML: " + e.getMessage()));
        }
        if (root == null) {
            root = new MappingNode(org.yaml.snakeyaml.nodes.Tag.MAP, List.of(), org.yaml.snakeyaml.DumperOptions.FlowStyle.AUTO);
        }
        if (!(root instanceof MappingNode)) {
            throw new ConfigException(new ConfigProblem(displayName, line(root), "", "the file must hold a mapping of keys to values"));
        }
        rejectDuplicateKeys(root, displayName, "");
        return new ConfigNode(displayName, "", root, new EnvSubstitution(name -> env.apply(name)));
    }

    /** SnakeYAML's composer keeps duplicate keys; a second value silently winning would hide a mistake. */
    private static void rejectDuplicateKeys(Node node, String file, String field) throws ConfigException {
        if (node instanceof MappingNode mapping) {
            Set<String> seen = new java.util.HashSet<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    String path = field.isEmpty() ? key.getValue() : field + "." + key.getValue();
                    if (!seen.add(key.getValue())) {
                        throw new ConfigException(new ConfigProblem(file, line(key), path,
                                "appears twice in the same mapping; keep one"));
                    }
                    rejectDuplicateKeys(tuple.getValueNode(), file, path);
                }
            }
        } else if (node instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                rejectDuplicateKeys(seq.getValue().get(i), file, field + "[" + i + "]");
            }
        }
    }

    /**
     * Fails on the first key not in {@code allowed}, suggesting the closest allowed key. Call it
     * before reading required keys, so a typo is reported as a typo rather than as a missing key.
     */
    public void checkKeys(String... allowed) throws ConfigException {
        List<String> allowedList = List.of(allowed);
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            if (!allowedList.contains(entry.getKey())) {
                throw unknownKey(entry.getKey(), entry.getValue(), allowedList);
            }
        }
    }

    private ConfigException unknownKey(String key, NodeTuple tuple, java.util.Collection<String> allowed) {
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int d = distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < best) {
                best = d;
                closest = candidate;
            }
        }
        String hint = closest != null && best <= Math.max(2, key.length() / 3) ? " (did you mean '" + closest + "'?)" : "";
        String list = allowed.isEmpty() ? "none" : String.join(", ", allowed);
        return new ConfigException(new ConfigProblem(file, line(tuple.getKeyNode()), join(key),
                "unknown key '" + key + "'" + hint + "; allowed here: " + list));
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The file this node came from, as errors name it. */
    public String file() {
        return file;
    }

    /** The dotted path of this node from the top of its file; empty at the top. */
    public String field() {
        return field;
    }

    /** 1-based line where this node starts. */
    public int line() {
        return line(node);
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The keys present in this mapping, in file order. */
    public Set<String> keys() {
        return entries.keySet();
    }

    // ---- scalars ------------------------------------------------------------------------------

    public String string(String key) throws ConfigException {
        return optString(key).orElseThrow(() -> missing(key));
    }

    public String string(String key, String defaultValue) throws ConfigException {
        return optString(key).orElse(defaultValue);
    }

    public Optional<String> optString(String key) throws ConfigException {
        NodeTuple tuple = take(key);
        if (tuple == null) {
            return Optional.empty();
        }
        Node value = tuple.getValueNode();
        if (!(value instanceof ScalarNode scalar)) {
            throw error(key, "must be a single value, not a " + kind(value));
        }
        if (scalar.getTag().getValue().endsWith(":null")) {
            return Optional.empty();
        }
        try {
            return Optional.of(env.apply(scalar.getValue()));
        } catch (IllegalArgumentException e) {
            throw error(key, e.getMessage());
        }
    }

    public int integer(String key, int defaultValue, int min, int max) throws ConfigException {
        Optional<String> text = optString(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(text.get().trim());
        } catch (NumberFormatException e) {
            throw error(key, "must be a whole number between " + min + " and " + max + ", got '" + text.get() + "'");
        }
        if (value < min || value > max) {
            throw error(key, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    public double decimal(String key, double defaultValue, double min, double max) throws ConfigException {
        Optional<String> text = optString(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        double value;
        try {
            value = Double.parseDouble(text.get().trim());
        } catch (NumberFormatException e) {
            throw error(key, "must be a number between " + min + " and " + max + ", got '" + text.get() + "'");
        }
        if (!(value >= min && value <= max)) {
            throw error(key, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    public boolean bool(String key, boolean defaultValue) throws ConfigException {
        Optional<String> text = optString(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        return switch (text.get().trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error(key, "must be true or false, got '" + text.get() + "'");
        };
    }

    /** A duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d} or ISO-8601 {@code PT30S}. */
    public Duration duration(String key, Duration defaultValue) throws ConfigException {
        Optional<String> text = optString(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        return parseDuration(text.get())
                .orElseThrow(() -> error(key, "must be a duration such as 500ms, 30s, 5m or 1h, got '" + text.get().trim() + "'"));
    }

    /**
     * Reads a duration written the way configuration writes them ({@code 500ms}, {@code 30s},
     * {@code 5m}, {@code 1h}, {@code 2d} or ISO-8601 {@code PT30S}); empty when it is not one.
     */
    public static Optional<Duration> parseDuration(String text) {
        String s = text.trim();
        Matcher m = DURATION.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return Optional.of(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        try {
            return Optional.of(Duration.parse(s));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A byte size such as {@code 1048576}, {@code 64KB} or {@code 10MB} (powers of 1024). */
    public long size(String key, long defaultValue, long min, long max) throws ConfigException {
        Optional<String> text = optString(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        Matcher m = SIZE.matcher(text.get().trim());
        if (!m.matches()) {
            throw error(key, "must be a size such as 65536, 64KB or 10MB, got '" + text.get() + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        long value = switch (unit) {
            case "KB", "KIB" -> n * 1024;
            case "MB", "MIB" -> n * 1024 * 1024;
            case "GB", "GIB" -> n * 1024 * 1024 * 1024;
            default -> n;
        };
        if (value < min || value > max) {
            throw error(key, "must be between " + min + " and " + max + " bytes, got " + value);
        }
        return value;
    }

    public Charset charset(String key, Charset defaultValue) throws ConfigException {
        Optional<String> text = optString(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            return Charset.forName(text.get().trim());
        } catch (RuntimeException e) {
            throw error(key, "'" + text.get() + "' is not a character set this JVM supports (e.g. UTF-8, ISO-8859-1)");
        }
    }

    /**
     * One of an enum's constants, written in lower case with dashes for underscores
     * ({@code AFTER_DELIVERY} is written {@code after-delivery}).
     */
    public <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) throws ConfigException {
        Optional<String> text = optString(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        String wanted = text.get().trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add(spell(constant));
        }
        throw error(key, "must be one of " + String.join(", ", allowed) + ", got '" + text.get() + "'");
    }

    /** How {@link #choice} expects an enum constant to be written. */
    public static String spell(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    // ---- structure ----------------------------------------------------------------------------

    /** Whether {@code key} holds a single value (as opposed to a mapping or list). */
    public boolean isScalar(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple != null && tuple.getValueNode() instanceof ScalarNode;
    }

    public Optional<ConfigNode> object(String key) throws ConfigException {
        NodeTuple tuple = take(key);
        if (tuple == null) {
            return Optional.empty();
        }
        Node value = tuple.getValueNode();
        if (value instanceof ScalarNode s && s.getTag().getValue().endsWith(":null")) {
            return Optional.empty();
        }
        if (!(value instanceof MappingNode)) {
            throw error(key, "must be a mapping of keys to values, not a " + kind(value));
        }
        return Optional.of(new ConfigNode(file, join(key), value, env));
    }

    public ConfigNode requiredObject(String key) throws ConfigException {
        return object(key).orElseThrow(() -> missing(key));
    }

    /** A list of mappings; empty when the key is absent. */
    public List<ConfigNode> objects(String key) throws ConfigException {
        NodeTuple tuple = take(key);
        if (tuple == null) {
            return List.of();
        }
        Node value = tuple.getValueNode();
        if (value instanceof ScalarNode s && s.getTag().getValue().endsWith(":null")) {
            return List.of();
        }
        if (!(value instanceof SequenceNode seq)) {
            throw error(key, "must be a list, not a " + kind(value));
        }
        List<ConfigNode> result = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            String itemField = join(key) + "[" + i + "]";
            if (!(item instanceof MappingNode)) {
                throw new ConfigException(new ConfigProblem(file, line(item), itemField,
                        "each entry must be a mapping of keys to values, not a " + kind(item)));
            }
            result.add(new ConfigNode(file, itemField, item, env));
        }
        return result;
    }

    /** A list of single values (a single value is read as a one-element list); empty when absent. */
    public List<String> strings(String key) throws ConfigException {
        NodeTuple tuple = entries.get(key);
        if (tuple == null) {
            read.add(key);
            return List.of();
        }
        if (tuple.getValueNode() instanceof ScalarNode) {
            return optString(key).map(List::of).orElse(List.of());
        }
        take(key);
        if (!(tuple.getValueNode() instanceof SequenceNode seq)) {
            throw error(key, "must be a list of values, not a " + kind(tuple.getValueNode()));
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            if (!(item instanceof ScalarNode scalar)) {
                throw new ConfigException(new ConfigProblem(file, line(item), join(key) + "[" + i + "]",
                        "must be a single value, not a " + kind(item)));
            }
            try {
                result.add(env.apply(scalar.getValue()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(new ConfigProblem(file, line(item), join(key) + "[" + i + "]", e.getMessage()));
            }
        }
        return result;
    }

    /**
     * A mapping of single values, in file order (e.g. {@code copy: {PID-3: PID-3, PID-5: PID-5}});
     * empty when absent.
     */
    public Map<String, String> stringMap(String key) throws ConfigException {
        NodeTuple tuple = take(key);
        if (tuple == null) {
            return Map.of();
        }
        if (!(tuple.getValueNode() instanceof MappingNode mapping)) {
            throw error(key, "must be a mapping of keys to single values, not a " + kind(tuple.getValueNode()));
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (NodeTuple entry : mapping.getValue()) {
            if (!(entry.getKeyNode() instanceof ScalarNode k) || !(entry.getValueNode() instanceof ScalarNode v)) {
                throw new ConfigException(new ConfigProblem(file, line(entry.getKeyNode()), join(key),
                        "each entry must map a single value to a single value"));
            }
            try {
                result.put(k.getValue(), env.apply(v.getValue()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(new ConfigProblem(file, line(v), join(key) + "." + k.getValue(), e.getMessage()));
            }
        }
        return java.util.Collections.unmodifiableMap(result);
    }

    /**
     * Fails on the first key that no accessor read, listing what is allowed: unknown keys are
     * usually typos, and silently ignoring them hides mistakes.
     */
    public void finish() throws ConfigException {
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            if (!read.contains(entry.getKey())) {
                throw unknownKey(entry.getKey(), entry.getValue(), read);
            }
        }
    }

    /** Marks keys as known without reading them (e.g. a key a caller reads through another node). */
    public void allow(String... keys) {
        read.addAll(List.of(keys));
    }

    /** An error about {@code key} (its line, or this node's when absent). */
    public ConfigException error(String key, String message) {
        NodeTuple tuple = entries.get(key);
        int line = tuple == null ? line() : line(tuple.getValueNode());
        return new ConfigException(new ConfigProblem(file, line, join(key), message));
    }

    /** An error about this whole node. */
    public ConfigException error(String message) {
        return new ConfigException(new ConfigProblem(file, line(), field, message));
    }

    private ConfigException missing(String key) {
        // A required key is often missing because it was misspelt: name the likely typo.
        String hint = "";
        for (String present : entries.keySet()) {
            if (!read.contains(present) && distance(present.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT))
                    <= Math.max(2, key.length() / 3)) {
                hint = " (found '" + present + "': a misspelling of '" + key + "'?)";
                break;
            }
        }
        return new ConfigException(new ConfigProblem(file, line(), join(key), "is required" + hint));
    }

    private @Nullable NodeTuple take(String key) {
        read.add(key);
        return entries.get(key);
    }

    private String join(String key) {
        return field.isEmpty() ? key : field + "." + key;
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static String kind(Node node) {
        if (node instanceof MappingNode) {
            return "mapping";
        }
        if (node instanceof SequenceNode) {
            return "list";
        }
        return "single value";
    }
}
