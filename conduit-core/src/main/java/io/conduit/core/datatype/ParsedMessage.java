package io.conduit.core.datatype;

import io.conduit.core.message.Metadata;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A message in the form its data type understands, ready for filters and transformers.
 *
 * <p>Implementations are immutable: {@link #with(String, String)} returns a new message. Paths are
 * the data type's own notation (HL7 v2: {@code PID-3[1].1}; JSON: a JSON Pointer; XML: a simple
 * XPath). A path may hold wildcards (HL7 {@code OBX[*]-5}, JSON {@code /items/*}/name); {@link #paths}
 * expands them to the concrete paths the message holds, which is how steps apply to every match.
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

    /**
     * Whether the element at {@code path} holds structure below it (HL7 v2: a field with
     * components or repetitions), so that {@link #get} returns it in wire form rather than as
     * decoded text. Steps that rewrite a value use it to write the value back in the same form.
     */
    default boolean holdsStructure(String path) {
        return false;
    }

    /**
     * A copy with {@code text} at {@code path} as literal text: characters that are delimiters in
     * this format are escaped, never read as structure. The default is {@link #with}.
     *
     * @throws IllegalArgumentException when {@code path} is not valid for this data type
     */
    default ParsedMessage withText(String path, String text) {
        return with(path, text);
    }

    /**
     * Every value a (wildcard) path matches, in document order; an element that exists but holds
     * no value gives empty text.
     *
     * @throws IllegalArgumentException when {@code path} is not valid for this data type
     */
    default List<String> getAll(String path) {
        List<String> values = new ArrayList<>();
        for (String concrete : paths(path)) {
            values.add(get(concrete).orElse(""));
        }
        return values;
    }

    /**
     * The concrete paths (no wildcards) that {@code path} matches in this message, in document
     * order; a path without wildcards gives itself, whether or not the message holds it.
     *
     * @throws IllegalArgumentException when {@code path} is not valid for this data type
     */
    default List<String> paths(String path) {
        return List.of(path);
    }

    /**
     * How many times the repeatable element at {@code path} occurs: HL7 v2 {@code OBX} counts OBX
     * segments and {@code PID-3} the repetitions of PID-3; JSON counts an array's items. Zero when
     * absent.
     *
     * @throws IllegalArgumentException when {@code path} is not valid for this data type
     */
    default int count(String path) {
        return get(path).isPresent() ? 1 : 0;
    }

    /**
     * A copy without the element at {@code path} (HL7 v2: a segment such as {@code NTE} or
     * {@code NTE[2]} is removed, a field or component is emptied; JSON: the member or item is
     * removed). Removing what is absent returns an equal message.
     *
     * @throws IllegalArgumentException      when {@code path} is not valid for this data type
     * @throws UnsupportedOperationException when the data type cannot delete
     */
    default ParsedMessage without(String path) {
        throw new UnsupportedOperationException("the " + dataType() + " data type cannot delete elements");
    }
}
