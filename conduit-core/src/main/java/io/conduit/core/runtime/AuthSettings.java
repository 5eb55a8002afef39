package io.conduit.core.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the control plane authenticates people and programs: the {@code http.auth:} mapping of
 * {@code conduit.yaml}. Local users and API tokens are always on; OpenID Connect bearer tokens
 * only when {@code oidc} is set.
 *
 * @param sessionIdleTimeout a dashboard session ends after this long without a request
 * @param sessionMaxAge      and after this long in any case
 * @param oidc               bearer tokens from an OpenID Connect issuer, or null
 */
public record AuthSettings(Duration sessionIdleTimeout, Duration sessionMaxAge, @Nullable Oidc oidc) {

    public AuthSettings {
        Objects.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
        Objects.requireNonNull(sessionMaxAge, "sessionMaxAge");
    }

    /** 30 minutes idle, 12 hours at most, no OpenID Connect. */
    public static AuthSettings defaults() {
        return new AuthSettings(Duration.ofMinutes(30), Duration.ofHours(12), null);
    }

    /**
     * An OpenID Connect issuer whose access tokens (JWTs signed with a key from its JWKS) are
     * accepted as {@code Authorization: Bearer} credentials.
     *
     * @param issuer        the {@code iss} the tokens must carry
     * @param jwksUri       where the issuer publishes its signing keys
     * @param audience      the {@code aud} the tokens must carry (this engine's client id)
     * @param usernameClaim the claim naming the user in the audit log
     * @param rolesClaim    the claim listing the user's groups or roles (a string or an array)
     * @param roleMapping   claim value → Conduit role; a token whose values map to no role is refused,
     *                      and the highest mapped role wins
     */
    public record Oidc(String issuer, String jwksUri, String audience, String usernameClaim, String rolesClaim,
                       Map<String, String> roleMapping) {

        public Oidc {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(jwksUri, "jwksUri");
            Objects.requireNonNull(audience, "audience");
            Objects.requireNonNull(usernameClaim, "usernameClaim");
            Objects.requireNonNull(rolesClaim, "rolesClaim");
            roleMapping = Map.copyOf(roleMapping);
        }
    }
}
