package io.conduit.core.datatype;

import java.util.List;
import java.util.Optional;

/**
 * Knows one message format: parse, validate, extract metadata, split batches, and build the
 * protocol's answer (HL7 ACK, X12 999, …).
 *
 * <p>Implementations are immutable and thread-safe; one instance serves a channel's every
 * connection. They never log message content.
 */
public interface DataType {

    /** The name used in channel files, e.g. {@code hl7v2}. */
    String name();

    /**
     * Parses and (when configured) validates raw bytes.
     *
     * @throws MessageFormatException when the bytes are not a valid message; the exception says
     *                                what is wrong and where
     */
    ParsedMessage parse(byte[] raw) throws MessageFormatException;

    /**
     * Splits content that may hold several messages (an HL7 batch file) into one byte array per
     * message. The default treats the content as a single message.
     *
     * @throws MessageFormatException when the batch structure itself is broken
     */
    default List<byte[]> split(byte[] content) throws MessageFormatException {
        return List.of(content);
    }

    /**
     * The answer a source sends back for a received message, or empty when the format has none.
     *
     * @param raw    the bytes as received (used when the message could not be parsed)
     * @param result what the channel did with it
     */
    Optional<byte[]> response(byte[] raw, ReceiveResult result);

    /**
     * Checks a path's syntax at load, so a channel with a mistyped path does not deploy. Accepts
     * what {@link ParsedMessage#get}, {@link ParsedMessage#paths} and {@link ParsedMessage#with}
     * accept; the default accepts everything.
     *
     * @throws IllegalArgumentException saying what is wrong with the path and what is expected
     */
    default void checkPath(String path) {
    }

    /**
     * Checks a path that may also select whole parts of a message, for removing or counting them
     * (HL7 v2: a segment id such as {@code NTE} or {@code NTE[2]}). The default is {@link #checkPath}.
     *
     * @throws IllegalArgumentException saying what is wrong with the path and what is expected
     */
    default void checkSelector(String path) {
        checkPath(path);
    }

    /**
     * The differences between an expected and an actual message, one readable line each, for
     * {@code conduit test}; empty when they are equal. Data types compare structurally (HL7 v2
     * field by field); the default compares lines of text.
     */
    default List<String> differences(byte[] expected, byte[] actual) {
        return TextDifferences.of(expected, actual);
    }

    /**
     * Reads a peer's answer to a message this engine sent (e.g. an HL7 ACK from a downstream
     * system).
     */
    default ResponseStatus interpretResponse(byte[] response) {
        return ResponseStatus.accepted("response received");
    }
}
