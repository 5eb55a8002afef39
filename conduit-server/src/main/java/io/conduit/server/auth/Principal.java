package io.conduit.server.auth;

import io.conduit.core.runtime.Engine;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who is making a request, once authenticated.
 *
 * @param name    the user name, or the token's or OpenID user's name
 * @param role    what they may do
 * @param via     how they proved it
 * @param session the dashboard session, when {@code via} is {@link Via#SESSION}
 */
public record Principal(String name, Role role, Via via, @Nullable Session session) {

    /** How a principal authenticated. */
    public enum Via { SESSION, API_TOKEN, OIDC }

    public Principal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(via, "via");
    }

    /** The name the audit log records: users as themselves, tokens and OpenID users marked as such. */
    public String auditName() {
        return switch (via) {
            case SESSION -> name;
            case API_TOKEN -> "token:" + name;
            case OIDC -> "oidc:" + name;
        };
    }

    /** The engine's view of this principal, for operations it records in the audit log. */
    public Engine.Operator operator(String address) {
        return new Engine.Operator(auditName(), address);
    }
}
