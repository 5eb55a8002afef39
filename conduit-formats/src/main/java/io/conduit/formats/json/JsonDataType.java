package io.conduit.formats.json;

import io.conduit.core.datatype.DataType;
import io.conduit.core.datatype.MessageFormatException;
import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.datatype.ReceiveResult;
import java.util.Optional;

/**
 * The JSON data type: parses UTF-8 JSON (RFC 8259) within size and depth limits and reads metadata
 * through configured paths. JSON carries no protocol answer, so {@link #response} is empty; the
 * transport (an HTTP status, for instance) answers instead.
 *
 * <p>Immutable and thread-safe. Never logs or throws message content.
 */
public final class JsonDataType implements DataType {

    /** The name channel files use. */
    public static final String NAME = "json";

    private final JsonOptions options;
    private final JsonReader reader;

    public JsonDataType(JsonOptions options) {
        this.options = options;
        this.reader = new JsonReader(options.limits());
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The settings this data type was built with. */
    public JsonOptions options() {
        return options;
    }

    /**
     * @throws MessageFormatException (rejected) for malformed JSON, another encoding than UTF-8,
     *                                duplicate member names, or content beyond the limits; the
     *                                error gives line and column, never content
     */
    @Override
    public ParsedMessage parse(byte[] raw) throws MessageFormatException {
        byte[] copy = raw.clone();
        return new JsonMessage(reader.read(copy), copy, options.metadata());
    }

    /** Rejects a malformed path at load, so a channel with a mistyped path does not deploy. */
    @Override
    public void checkPath(String path) {
        JsonPath.parse(path);
    }

    /** Member by member, named by JSON Pointer; text differences when either side is not JSON. */
    @Override
    public java.util.List<String> differences(byte[] expected, byte[] actual) {
        try {
            return JsonDifferences.of(reader.read(expected.clone()), reader.read(actual.clone()));
        } catch (MessageFormatException e) {
            return DataType.super.differences(expected, actual);
        }
    }

    @Override
    public Optional<byte[]> response(byte[] raw, ReceiveResult result) {
        return Optional.empty();
    }
}
