package io.conduit.server.auth;

import java.time.Instant;

/**
 * A dashboard login. The id travels only in an HttpOnly cookie; the CSRF token is given to the
 * page, which sends it back in a header on every state-changing request (a cross-site form
 * cannot read it, so it cannot forge one).
 *
 * @param username   whose session; the role is looked up on every request, so a demotion or a
 *                   disabled account takes effect at once
 * @param credential the password hash the user logged in with: when it changes (through the API or
 *                   {@code conduit users --set-password}), the session ends
 */
public record Session(String id, String username, String csrfToken, Instant createdAt, String credential) {

    @Override
    public String toString() {
        return "Session[username=" + username + ", createdAt=" + createdAt + "]"; // no secrets
    }
}
