package io.conduit.core.datatype;

import io.conduit.core.message.Metadata;
import org.jspecify.annotations.Nullable;

/**
 * The received bytes are not a valid message of the data type. The text says what is wrong and
 * where, but never repeats message content (it may hold PHI).
 */
public final class MessageFormatException extends Exception {

    /** Whether the sender should fix the message (rejected) or the message was refused as content (error). */
    public enum Kind {
        /** The message cannot be read at all: framing, header, encoding characters. HL7: AR. */
        REJECTED,
        /** The message was read but fails validation. HL7: AE. */
        INVALID
    }

    private final Kind kind;
    private final @Nullable String location;
    private final @Nullable String code;
    private final Metadata metadata;

    /**
     * @param kind     rejected (unreadable) or invalid (fails validation)
     * @param message  what is wrong, without message content
     * @param location where, in the data type's path notation (e.g. {@code PID-7}), or null
     * @param code     the data type's error code (HL7 table 0357, e.g. {@code 102}), or null
     */
    public MessageFormatException(Kind kind, String message, @Nullable String location, @Nullable String code) {
        this(kind, message, location, code, Metadata.EMPTY, null);
    }

    /**
     * @param metadata what could still be read from the message (control id, type …), so that the
     *                 stored error can be found by a search; {@link Metadata#EMPTY} when nothing
     * @param cause    the underlying exception, or null
     */
    public MessageFormatException(Kind kind, String message, @Nullable String location, @Nullable String code,
                                  Metadata metadata, @Nullable Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.location = location;
        this.code = code;
        this.metadata = metadata;
    }

    /** A copy carrying the metadata that could still be read from the message. */
    public MessageFormatException withMetadata(Metadata partial) {
        return new MessageFormatException(kind, getMessage(), location, code, partial, this);
    }

    /** What could still be read from the message; empty when nothing could. */
    public Metadata metadata() {
        return metadata;
    }

    public Kind kind() {
        return kind;
    }

    public @Nullable String location() {
        return location;
    }

    public @Nullable String code() {
        return code;
    }

    /** The reason as stored for the operator: message plus location. */
    public String describe() {
        return location == null ? getMessage() : getMessage() + " (at " + location + ")";
    }
}
