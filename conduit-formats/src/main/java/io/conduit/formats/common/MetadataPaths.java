package io.conduit.formats.common;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.message.Metadata;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The {@code metadata:} option of a data type without a fixed header: which path of the message
 * gives which metadata field, e.g. {@code {messageType: /resourceType, controlId: /id}}. Keys are
 * the standard names of {@link Metadata} ({@code messageType}, {@code controlId},
 * {@code patientId} …) or a data type's own; paths are the data type's notation, without
 * wildcards (a metadata field holds one value).
 *
 * @param paths metadata key to path, in file order
 */
public record MetadataPaths(Map<String, String> paths) {

    /** No metadata: the default when a channel names none. */
    public static final MetadataPaths NONE = new MetadataPaths(Map.of());

    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    /** Copies the map, keeping its order. */
    public MetadataPaths {
        paths = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(paths));
    }

    /** Checks that a path is valid in a data type's notation and names a single element. */
    @FunctionalInterface
    public interface PathCheck {
        /**
         * @throws IllegalArgumentException saying what is wrong with {@code path}
         */
        void check(String path);
    }

    /**
     * Reads {@code key} (a mapping of metadata keys to paths) from {@code options}; empty when
     * absent. Every path is checked here, so a typo stops the channel from loading.
     */
    public static MetadataPaths read(ConfigNode options, String key, PathCheck check) throws ConfigException {
        Map<String, String> entries = options.stringMap(key);
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            if (!KEY.matcher(entry.getKey()).matches()) {
                throw options.error(key, "'" + entry.getKey() + "' is not a metadata key: use a name such as "
                        + Metadata.MESSAGE_TYPE + ", " + Metadata.CONTROL_ID + " or " + Metadata.PATIENT_ID);
            }
            try {
                check.check(entry.getValue());
            } catch (IllegalArgumentException e) {
                throw options.error(key, "the path for '" + entry.getKey() + "' is not valid: " + e.getMessage());
            }
        }
        return new MetadataPaths(entries);
    }

    /**
     * The metadata of one message: each key with the value its path reads, skipping absent and
     * empty values.
     *
     * @param reader reads a path of the message, like {@link io.conduit.core.datatype.ParsedMessage#get}
     */
    public Metadata extract(Function<String, Optional<String>> reader) {
        if (paths.isEmpty()) {
            return Metadata.EMPTY;
        }
        Metadata.Builder builder = Metadata.builder();
        paths.forEach((key, path) -> builder.put(key, reader.apply(path).orElse(null)));
        return builder.build();
    }
}
