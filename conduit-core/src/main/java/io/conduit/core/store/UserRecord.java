package io.conduit.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A control-plane user as the store keeps it. The store does not interpret the role or the hash;
 * the server's authentication decides what they mean.
 *
 * @param username     unique, case-sensitive
 * @param passwordHash an encoded slow hash (PHC string format), never the password
 * @param role         the role name
 * @param disabled     a disabled user cannot log in and loses open sessions
 */
public record UserRecord(String username, String passwordHash, String role, Instant createdAt, boolean disabled) {

    public UserRecord {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    @Override
    public String toString() {
        return "UserRecord[username=" + username + ", role=" + role + ", disabled=" + disabled + "]"; // no hash
    }
}
