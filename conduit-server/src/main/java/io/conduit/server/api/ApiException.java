package io.conduit.server.api;

import org.jspecify.annotations.Nullable;

/**
 * A request the API refuses, answered as an RFC 9457 problem document with this status and
 * detail (and {@code field} when one request field is at fault). The detail is for a person and
 * never holds message content or secrets.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final @Nullable String field;
    private final String type;
    private final java.util.Map<String, Object> extensions;

    public ApiException(int status, String detail) {
        this(status, detail, null);
    }

    public ApiException(int status, String detail, @Nullable String field) {
        this(status, "about:blank", detail, field, java.util.Map.of());
    }

    /**
     * @param type       a URI naming the kind of problem
     * @param extensions further members of the problem document (RFC 9457 extension members)
     */
    public ApiException(int status, String type, String detail, @Nullable String field, java.util.Map<String, Object> extensions) {
        super(detail);
        this.status = status;
        this.type = type;
        this.field = field;
        this.extensions = java.util.Map.copyOf(extensions);
    }

    public String type() {
        return type;
    }

    public java.util.Map<String, Object> extensions() {
        return extensions;
    }

    public int status() {
        return status;
    }

    public @Nullable String field() {
        return field;
    }

    /** The problem for a refused account operation: invalid 400, unknown 404, conflict 409, wrong token 401. */
    public static ApiException of(io.conduit.server.auth.AccountException e) {
        int status = switch (e.kind()) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
        };
        return new ApiException(status, e.getMessage(), e.field());
    }

    static ApiException badRequest(String field, String detail) {
        return new ApiException(400, detail, field);
    }

    static ApiException notFound(String detail) {
        return new ApiException(404, detail);
    }

    static ApiException conflict(String detail) {
        return new ApiException(409, detail);
    }
}
