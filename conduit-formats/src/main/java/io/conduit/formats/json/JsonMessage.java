package io.conduit.formats.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.message.Metadata;
import io.conduit.formats.common.MetadataPaths;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A parsed JSON message: an immutable Jackson tree (see {@link JsonTree} for copy on write), the
 * received bytes while unmodified, and the metadata paths of its data type. Paths are described in
 * the package documentation.
 *
 * <p>Immutable and thread-safe. Serialisation and metadata are computed on first use and kept.
 */
final class JsonMessage implements ParsedMessage {

    /** Writes trees compactly in UTF-8; configured once, then only used (thread-safe). */
    private static final ObjectMapper WRITER = new ObjectMapper();

    private final JsonNode root;
    private final byte @Nullable [] original;
    private final MetadataPaths metadataPaths;
    private volatile byte @Nullable [] serialized;
    private volatile @Nullable Metadata metadata;

    JsonMessage(JsonNode root, byte @Nullable [] original, MetadataPaths metadataPaths) {
        this.root = root;
        this.original = original;
        this.metadataPaths = metadataPaths;
    }

    @Override
    public String dataType() {
        return JsonDataType.NAME;
    }

    /** The received bytes while unmodified, else the tree written compactly in UTF-8 (a copy either way). */
    @Override
    public byte[] bytes() {
        if (original != null) {
            return original.clone();
        }
        byte[] bytes = serialized;
        if (bytes == null) {
            bytes = write(root);
            serialized = bytes;
        }
        return bytes.clone();
    }

    /** Always UTF-8: RFC 8259 allows no other encoding between systems, and the reader accepts no other. */
    @Override
    public Charset charset() {
        return StandardCharsets.UTF_8;
    }

    /** The values the data type's {@code metadata:} paths read from this message (as it is now). */
    @Override
    public Metadata metadata() {
        Metadata m = metadata;
        if (m == null) {
            m = metadataPaths.extract(this::get);
            metadata = m;
        }
        return m;
    }

    /**
     * Strings as their text, numbers and booleans in their JSON form, objects and arrays as
     * compact JSON; empty for {@code null} and for what is absent.
     */
    @Override
    public Optional<String> get(String path) {
        JsonPath p = JsonPath.parse(path);
        if (p.hasWildcard()) {
            throw new IllegalArgumentException("'" + path + "' has a wildcard; use getAll for * and [*]");
        }
        JsonNode node = JsonTree.find(root, p);
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Optional.empty();
        }
        if (node.isValueNode()) {
            return Optional.of(node.asText());
        }
        return Optional.of(new String(write(node), StandardCharsets.UTF_8));
    }

    /**
     * {@code *} gives one path per array item ({@code /items/0}) or object member;
     * {@code name[*]} one per position ({@code /items[1]}). Segments after the last wildcard are kept
     * whether or not they exist, so that {@code set} can create them.
     */
    @Override
    public List<String> paths(String path) {
        JsonPath p = JsonPath.parse(path);
        if (!p.hasWildcard()) {
            return List.of(path);
        }
        List<String> result = new ArrayList<>();
        JsonTree.expand(root, p, result::add);
        return result;
    }

    /** An array's size; 1 for any other value, 0 when absent or {@code null}. */
    @Override
    public int count(String path) {
        JsonPath p = JsonPath.parse(path);
        if (p.hasWildcard()) {
            throw new IllegalArgumentException("count takes one array (e.g. /items), not a wildcard path");
        }
        JsonNode node = JsonTree.find(root, p);
        if (node == null || node.isNull()) {
            return 0;
        }
        return node.isArray() ? node.size() : 1;
    }

    /** Writes {@code value} as a JSON string, creating missing objects and arrays on the way. */
    @Override
    public JsonMessage with(String path, String value) {
        JsonNode updated = JsonTree.with(root, JsonPath.parse(path), JsonTree.NODES.textNode(value));
        return new JsonMessage(updated, null, metadataPaths);
    }

    /** Removes the member or item (every match of a wildcard path); later array items move up. */
    @Override
    public JsonMessage without(String path) {
        JsonPath p = JsonPath.parse(path);
        JsonNode updated = root;
        if (p.hasWildcard()) {
            List<String> matches = paths(path);
            // Last match first: removing an item never shifts the items that earlier matches name.
            for (int i = matches.size() - 1; i >= 0; i--) {
                updated = JsonTree.without(updated, JsonPath.parse(matches.get(i)));
            }
        } else {
            updated = JsonTree.without(root, p);
        }
        return updated == root ? this : new JsonMessage(updated, null, metadataPaths);
    }

    /** Whether this message is exactly what was received. */
    boolean isUnmodified() {
        return original != null;
    }

    private static byte[] write(JsonNode node) {
        try {
            return WRITER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            // A tree of plain nodes always serialises; this is a bug, not bad input.
            throw new UncheckedIOException("could not write a JSON tree", e);
        }
    }

    /** Identifies the message without its content (safe to log). */
    @Override
    public String toString() {
        Metadata m = metadata();
        return "JsonMessage[messageType=" + m.get(Metadata.MESSAGE_TYPE).orElse("?") + ", controlId="
                + m.get(Metadata.CONTROL_ID).orElse("?") + ", root=" + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                + (original != null ? ", bytes=" + original.length : ", modified") + "]";
    }
}
