package io.conduit.server.api;

import io.conduit.core.store.StoreException;
import io.conduit.server.auth.Accounts;
import io.conduit.server.auth.Principal;
import io.conduit.server.auth.Role;
import io.conduit.server.auth.Session;
import io.conduit.server.auth.SessionRegistry;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.util.Optional;
import java.util.Set;

/**
 * Runs before every matched route: a route that declares a {@link Role} gets an authenticated
 * principal holding at least that role, or the request ends with 401 or 403 here. Bearer
 * credentials (API tokens, OpenID Connect) come from the {@code Authorization} header; dashboard
 * sessions from the {@value #SESSION_COOKIE} cookie, and then every state-changing request must
 * carry the session's CSRF token in {@value #CSRF_HEADER}.
 */
final class ApiGuard {

    static final String SESSION_COOKIE = "conduit_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private final Accounts accounts;

    ApiGuard(Accounts accounts) {
        this.accounts = accounts;
    }

    void check(Context ctx) throws StoreException {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.isEmpty()) {
            return; // a public route: health, metrics, login, static files
        }
        Role required = (Role) roles.iterator().next();
        Principal principal = authenticate(ctx).orElseThrow(() -> {
            ctx.header("WWW-Authenticate", "Bearer realm=\"conduit\"");
            return new ApiException(401, "log in, or send an API token as 'Authorization: Bearer cdt_…'");
        });
        if (!principal.role().includes(required)) {
            throw new ApiException(403, "this needs the " + required.id() + " role; " + principal.name() + " has "
                    + principal.role().id());
        }
        if (principal.session() != null && !SAFE.contains(ctx.method())) {
            requireCsrfToken(ctx, principal.session());
        }
        ctx.attribute(Requests.PRINCIPAL, principal);
    }

    /** A state-changing request made with a session cookie must carry that session's CSRF token. */
    static void requireCsrfToken(Context ctx, Session session) {
        String presented = ctx.header(CSRF_HEADER);
        if (presented == null || !SessionRegistry.csrfMatches(session, presented)) {
            throw new ApiException(403, "missing or wrong " + CSRF_HEADER + " header (the dashboard sends the csrfToken "
                    + "from the login answer)");
        }
    }

    /** The caller, if the request carries valid credentials; a bad bearer credential is a 401 of its own. */
    Optional<Principal> authenticate(Context ctx) throws StoreException {
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new ApiException(401, "only 'Authorization: Bearer <token>' is accepted");
            }
            return switch (accounts.bearer(authorization.substring(7).strip())) {
                case Accounts.Bearer.Accepted a -> Optional.of(a.principal());
                case Accounts.Bearer.Refused r -> {
                    ctx.header("WWW-Authenticate", "Bearer realm=\"conduit\", error=\"invalid_token\"");
                    throw new ApiException(401, r.reason());
                }
            };
        }
        String session = ctx.cookie(SESSION_COOKIE);
        return session == null || session.isEmpty() ? Optional.empty() : accounts.session(session);
    }
}
