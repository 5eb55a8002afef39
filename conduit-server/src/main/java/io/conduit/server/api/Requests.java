package io.conduit.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conduit.core.message.MessageId;
import io.conduit.server.auth.Principal;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads request parameters and JSON bodies into typed values; every mistake becomes a 400 problem
 * naming the field and what is allowed.
 */
final class Requests {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Request bodies are small JSON documents; anything larger is refused before parsing. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final String PRINCIPAL = "conduit.principal";

    private Requests() {
    }

    /** The authenticated caller (set by {@link ApiGuard} on every protected route). */
    static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) {
            throw new IllegalStateException("route " + ctx.path() + " declares no role, so it has no principal");
        }
        return p;
    }

    /** Where the request came from, for the audit log (the socket's peer; no proxy header is trusted). */
    static String address(Context ctx) {
        return ctx.ip();
    }

    static @Nullable String query(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    static int limit(Context ctx, int defaultValue, int max) {
        String value = query(ctx, "limit");
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.badRequest("limit", "limit must be a whole number from 1 to " + max + ", got '" + value + "'");
    }

    static @Nullable Instant instant(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field, field + " must be an ISO-8601 instant such as 2026-12-07T10:00:00Z, got '"
                    + value + "'");
        }
    }

    static <E extends Enum<E>> @Nullable E choice(@Nullable String value, String field, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field, field + " must be one of " + java.util.Arrays.toString(type.getEnumConstants())
                    + ", got '" + value + "'");
        }
    }

    static MessageId messageId(@Nullable String value, String field) {
        try {
            return MessageId.parse(value == null ? "" : value);
        } catch (RuntimeException e) {
            throw ApiException.badRequest(field, field + " is not a message id (13 characters as listed by the search), got '"
                    + value + "'");
        }
    }

    /** The request body as a JSON object; an empty body reads as {}. Unknown members are refused. */
    static ObjectNode body(Context ctx, Set<String> allowed) {
        String text = ctx.body();
        if (text.length() > MAX_BODY_BYTES) {
            throw new ApiException(413, "request bodies are limited to " + MAX_BODY_BYTES + " bytes");
        }
        if (text.isBlank()) {
            return JSON.createObjectNode();
        }
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            // A cross-site HTML form can post text/plain or form data, never application/json
            // without a CORS preflight this server does not grant: requiring JSON blocks forged logins.
            throw new ApiException(415, "send the body as JSON with 'Content-Type: application/json'");
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("", "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.badRequest("", "the body must be a JSON object");
        }
        for (var it = object.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw ApiException.badRequest(name, "unknown member '" + name + "'; allowed: " + new java.util.TreeSet<>(allowed));
            }
        }
        return object;
    }

    static @Nullable String string(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ApiException.badRequest(field, field + " must be a string");
        }
        return n.textValue();
    }

    static String requiredString(ObjectNode body, String field) {
        String value = string(body, field);
        if (value == null || value.isEmpty()) {
            throw ApiException.badRequest(field, field + " is required");
        }
        return value;
    }

    static @Nullable Boolean bool(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            throw ApiException.badRequest(field, field + " must be true or false");
        }
        return n.booleanValue();
    }

    static @Nullable Integer integer(ObjectNode body, String field, int min, int max) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() < min || n.intValue() > max) {
            throw ApiException.badRequest(field, field + " must be a whole number from " + min + " to " + max);
        }
        return n.intValue();
    }
}
