package io.conduit.server.auth;

import org.jspecify.annotations.Nullable;

/** A refused account operation; the message says why for a person, without secrets. */
public final class AccountException extends Exception {

    /** What kind of refusal: the API maps each to an HTTP status. */
    public enum Kind { INVALID, NOT_FOUND, CONFLICT, UNAUTHORIZED, FORBIDDEN }

    private final Kind kind;
    private final @Nullable String field;

    public AccountException(Kind kind, @Nullable String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    /** The request field at fault, if one is. */
    public @Nullable String field() {
        return field;
    }
}
