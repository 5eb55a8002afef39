package io.conduit.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.conduit.core.runtime.AuthSettings;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Accepts OpenID Connect access tokens (JWTs) as bearer credentials: the signature must verify
 * against a key from the issuer's JWKS (fetched and cached by Nimbus JOSE+JWT, refetched when a
 * token names an unknown key), {@code iss} and {@code aud} must match the settings, and
 * {@code exp} must lie ahead. The role comes from the configured claim through the role mapping;
 * the highest mapped role wins and a token that maps to none is refused. Thread-safe.
 */
public final class OidcVerifier {

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);

    private final AuthSettings.Oidc settings;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public OidcVerifier(AuthSettings.Oidc settings) {
        this.settings = settings;
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(URI.create(settings.jwksUri()).toURL()).retrying(true).build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("http.auth.oidc.jwksUri is not a URL: " + settings.jwksUri(), e);
        }
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(settings.audience(),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(), Set.of("exp", "sub")));
    }

    /** A verified token's user, or a reason it was refused (no secrets in it). */
    public sealed interface Outcome {
        record Accepted(Principal principal) implements Outcome {
        }

        record Refused(String reason) implements Outcome {
        }
    }

    /** Verifies {@code token}; never throws for a bad token. */
    public Outcome verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            return new Outcome.Refused("not a JWT");
        } catch (BadJOSEException e) {
            return new Outcome.Refused("token refused: " + e.getMessage());
        } catch (JOSEException e) {
            return new Outcome.Refused("token could not be checked (the issuer's keys are unreachable?): " + e.getMessage());
        }
        Object nameClaim = claims.getClaim(settings.usernameClaim());
        String name = nameClaim instanceof String s && !s.isBlank() ? s : claims.getSubject();
        Optional<Role> role = role(claims);
        if (role.isEmpty()) {
            return new Outcome.Refused("token of " + name + " carries no " + settings.rolesClaim()
                    + " value that http.auth.oidc.roleMapping maps to a role");
        }
        return new Outcome.Accepted(new Principal(name, role.get(), Principal.Via.OIDC, null));
    }

    private Optional<Role> role(JWTClaimsSet claims) {
        Object value = claims.getClaim(settings.rolesClaim());
        List<String> values = new ArrayList<>();
        if (value instanceof String s) {
            values.add(s);
        } else if (value instanceof List<?> list) {
            list.forEach(v -> values.add(String.valueOf(v)));
        }
        Role best = null;
        for (String v : values) {
            String mapped = settings.roleMapping().get(v);
            Role r = mapped == null ? null : Role.parse(mapped).orElse(null);
            if (r != null && (best == null || r.includes(best))) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }
}
