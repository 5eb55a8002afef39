package io.conduit.core.datatype;

import io.conduit.core.message.Metadata;
import java.nio.charset.Charset;
import java.util.Optional;

/**
 * A message in the form its data type understands, ready for filters and transformers.
 *
 * <p>Implementations are immutable: {@link #with(String, String)} returns a new message. Paths are
 * the data type's own notation (HL7 v2: {@code PID-3[1].1}; JSON: a JSON Pointer).
 */
public interface ParsedMessage {

    /** The data type name, e.g. {@code hl7v2}. */
    String dataType();

    /** The serialized form of this message. */
    byte[] bytes();

    Charset charset();

    /** Routing and search fields extracted from this message. */
    Metadata metadata();

    /**
     * The value at {@code path}, empty when the path is valid but holds no value.
     *
     * @throws IllegalArgumentException when {@code path} is not valid for this data type
     */
    Optional<String> get(String path);

    /**
     * A copy with {@code value} at {@code path}, creating what is missing.
     *
     * @throws IllegalArgumentException when {@code path} is not valid for this data type
     */
    ParsedMessage with(String path, String value);
}
