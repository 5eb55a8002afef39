package io.conduit.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpStatus;

/**
 * An RFC 9457 problem document: every error this port answers is one, never a stack trace or an
 * HTML page. The detail names channels or the store, never message content.
 *
 * @param type   a URI naming the kind of problem; {@code about:blank} when the status says it all
 * @param title  a short summary that does not change between occurrences
 * @param status the HTTP status code
 * @param detail what went wrong this time, for a person
 * @param extensions further members, e.g. {@code field} (the request field at fault) or {@code problems}
 */
record Problem(String type, String title, int status, String detail, java.util.Map<String, Object> extensions) {

    Problem(String type, String title, int status, String detail) {
        this(type, title, status, detail, java.util.Map.of());
    }

    /** The media type of problem documents. */
    static final String MEDIA_TYPE = "application/problem+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A problem that the HTTP status describes fully (type {@code about:blank}, the status' reason as title). */
    static Problem ofStatus(int status, String detail) {
        String reason = HttpStatus.getMessage(status);
        return new Problem("about:blank", reason == null ? "HTTP " + status : reason, status, detail);
    }

    /** A problem the API raised: its status, type, detail, and the field at fault. */
    static Problem of(io.conduit.server.api.ApiException e) {
        Problem base = ofStatus(e.status(), e.getMessage());
        java.util.Map<String, Object> extensions = new LinkedHashMap<>();
        if (e.field() != null) {
            extensions.put("field", e.field());
        }
        extensions.putAll(e.extensions());
        return new Problem(e.type(), "about:blank".equals(e.type()) ? base.title() : title(e.type()), e.status(), e.getMessage(),
                extensions);
    }

    private static String title(String type) {
        return switch (type) {
            case "urn:conduit:problem:invalid-config" -> "Invalid configuration";
            default -> type;
        };
    }

    /** The document as JSON. */
    String toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", type);
        fields.put("title", title);
        fields.put("status", status);
        fields.put("detail", detail);
        fields.putAll(extensions);
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem document", e); // strings and an int always serialise
        }
    }
}
