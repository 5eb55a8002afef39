package io.conduit.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An API token as the store keeps it: only a hash of its secret, so a copy of the database does
 * not hand out working tokens.
 *
 * @param id         the public part of the token, used to find it
 * @param name       what the token is for, chosen by its creator; shown in the audit log
 * @param secretHash SHA-256 of the secret part, hex
 * @param role       the role the token acts with
 * @param createdBy  the user who created it
 * @param expiresAt  after this instant the token is refused
 */
public record ApiTokenRecord(String id, String name, String secretHash, String role, String createdBy, Instant createdAt,
                             Instant expiresAt) {

    public ApiTokenRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "ApiTokenRecord[id=" + id + ", name=" + name + ", role=" + role + "]"; // no hash
    }
}
