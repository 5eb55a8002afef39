package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A real HTTP client for the control-plane API: bearer tokens, session cookies with the CSRF
 * header, JSON bodies, and answers read as JSON.
 */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;

    ApiClient(int port) {
        this.port = port;
    }

    Call call(String method, String path) {
        return new Call(method, path);
    }

    /** A dashboard session: the cookie value and the CSRF token the login answer held. */
    record Session(String cookie, String csrf) {
    }

    /** Logs in and returns the session, failing the test when the login is refused. */
    Session login(String username, String password) {
        Reply reply = call("POST", "/api/v1/session").json("{\"username\":" + quote(username) + ",\"password\":" + quote(password) + "}")
                .send();
        assertThat(reply.status()).as("login of %s: %s", username, reply.body()).isEqualTo(200);
        String setCookie = reply.header("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring("conduit_session=".length(), setCookie.indexOf(';'));
        return new Session(cookie, reply.json().get("csrfToken").asText());
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One request being built. */
    final class Call {
        private final String method;
        private final String path;
        private @Nullable String bearer;
        private @Nullable String cookie;
        private @Nullable String csrf;
        private @Nullable String authorization;
        private @Nullable String body;
        private String contentType = "application/json";

        private Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        Call bearer(String token) {
            this.bearer = token;
            return this;
        }

        /** Authorization header exactly as given (for schemes other than Bearer). */
        Call authorization(String value) {
            this.authorization = value;
            return this;
        }

        Call session(Session session) {
            this.cookie = session.cookie();
            this.csrf = session.csrf();
            return this;
        }

        Call cookie(String cookieValue) {
            this.cookie = cookieValue;
            return this;
        }

        Call csrf(String token) {
            this.csrf = token;
            return this;
        }

        Call json(String json) {
            this.body = json;
            return this;
        }

        Call body(String text, String type) {
            this.body = text;
            this.contentType = type;
            return this;
        }

        Reply send() {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
            if (bearer != null) {
                b.header("Authorization", "Bearer " + bearer);
            }
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            if (cookie != null) {
                b.header("Cookie", "conduit_session=" + cookie);
            }
            if (csrf != null) {
                b.header("X-CSRF-Token", csrf);
            }
            if (body != null) {
                b.header("Content-Type", contentType);
            }
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            try {
                HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
                return new Reply(method + " " + path, r.statusCode(), r.headers(), r.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** An answer. */
    record Reply(String request, int status, HttpHeaders headers, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError(request + " answered " + status + " with a body that is not JSON: " + body, e);
            }
        }

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        String contentType() {
            return header("Content-Type").orElse("");
        }

        /** Asserts the status, showing the body when it differs. */
        Reply expect(int expected) {
            assertThat(status).as("%s answered %s", request, body).isEqualTo(expected);
            return this;
        }

        /** Asserts an RFC 9457 problem document with this status. */
        JsonNode expectProblem(int expected) {
            expect(expected);
            assertThat(contentType()).as(request).isEqualTo("application/problem+json");
            JsonNode problem = json();
            assertThat(problem.path("status").asInt()).as(request).isEqualTo(expected);
            assertThat(problem.path("title").asText()).as(request).isNotEmpty();
            assertThat(problem.path("detail").asText()).as(request).isNotEmpty();
            return problem;
        }
    }
}
