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
 */
record Problem(String type, String title, int status, String detail) {

    /** The media type of problem documents. */
    static final String MEDIA_TYPE = "application/problem+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A problem that the HTTP status describes fully (type {@code about:blank}, the status' reason as title). */
    static Problem ofStatus(int status, String detail) {
        String reason = HttpStatus.getMessage(status);
        return new Problem("about:blank", reason == null ? "HTTP " + status : reason, status, detail);
    }

    /** The document as JSON. */
    String toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", type);
        fields.put("title", title);
        fields.put("status", status);
        fields.put("detail", detail);
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem document", e); // strings and an int always serialise
        }
    }
}
