package io.conduit.server.auth;

import io.javalin.security.RouteRole;
import java.util.Locale;
import java.util.Optional;

/**
 * What a user or token may do. Each role includes every one before it: a viewer sees status,
 * counters and message metadata; an analyst also message content (PHI); an operator also starts,
 * stops, resends and reprocesses; an admin also manages users, tokens and configuration.
 *
 * <p>Every API route names the lowest role it needs where it is defined.
 */
public enum Role implements RouteRole {
    VIEWER, ANALYST, OPERATOR, ADMIN;

    /** Whether this role may do what {@code required} may. */
    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }

    /** The name used in the API and the store: {@code viewer}, {@code analyst} … */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code id} ({@code viewer}, {@code analyst}, {@code operator}, {@code admin}). */
    public static Optional<Role> parse(String id) {
        for (Role r : values()) {
            if (r.id().equals(id)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
