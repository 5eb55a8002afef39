package io.conduit.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conduit.core.store.UserRecord;
import io.conduit.server.auth.Accounts;
import io.conduit.server.auth.Principal;
import io.conduit.server.auth.Role;
import io.conduit.server.auth.Session;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Login, logout, the caller's own password, and the first-start setup. */
final class SessionRoutes {

    private final Accounts accounts;
    private final ApiGuard guard;
    private final boolean secureCookies;

    SessionRoutes(Accounts accounts, ApiGuard guard, boolean secureCookies) {
        this.accounts = accounts;
        this.guard = guard;
        this.secureCookies = secureCookies;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/setup", ctx -> ctx.json(Map.of("required", accounts.setupRequired())));
        routes.post("/api/v1/setup", this::setup);
        routes.post("/api/v1/session", this::login);
        routes.get("/api/v1/session", this::current);
        routes.delete("/api/v1/session", this::logout);
        routes.post("/api/v1/session/password", this::changePassword, Role.VIEWER);
    }

    private void setup(Context ctx) throws Exception {
        ObjectNode body = Requests.body(ctx, Set.of("token", "username", "password"));
        UserRecord user = accounts.completeSetup(Requests.requiredString(body, "token"), Requests.requiredString(body, "username"),
                Requests.requiredString(body, "password").toCharArray(), Requests.address(ctx));
        ctx.status(201).json(Map.of("username", user.username(), "role", user.role()));
    }

    private void login(Context ctx) throws Exception {
        ObjectNode body = Requests.body(ctx, Set.of("username", "password"));
        String username = Requests.requiredString(body, "username");
        char[] password = Requests.requiredString(body, "password").toCharArray();
        switch (accounts.login(username, password, Requests.address(ctx))) {
            case Accounts.Login.Success s -> {
                setCookie(ctx, s.session().id(), -1);
                ctx.json(sessionView(username, s.role(), s.session()));
            }
            case Accounts.Login.Refused r -> throw new ApiException(401, "wrong user name or password");
            case Accounts.Login.Throttled t -> {
                long seconds = Math.max(1, t.retryAfter().toSeconds());
                ctx.header("Retry-After", Long.toString(seconds));
                throw new ApiException(429, "too many failed logins; try again in " + seconds + " s");
            }
        }
    }

    private void current(Context ctx) throws Exception {
        Principal p = guard.authenticate(ctx).orElseThrow(() -> new ApiException(401, "not logged in"));
        ctx.json(sessionView(p.name(), p.role(), p.session()));
    }

    private void logout(Context ctx) throws Exception {
        Principal p = guard.authenticate(ctx).orElse(null);
        if (p != null && p.session() != null) {
            ApiGuard.requireCsrfToken(ctx, p.session()); // the route is public (it clears any cookie), so the guard did not
            accounts.logout(p.session(), Requests.address(ctx));
        }
        setCookie(ctx, "", 0);
        ctx.status(204);
    }

    private void changePassword(Context ctx) throws Exception {
        ObjectNode body = Requests.body(ctx, Set.of("currentPassword", "newPassword"));
        accounts.changePassword(Requests.principal(ctx), Requests.requiredString(body, "currentPassword").toCharArray(),
                Requests.requiredString(body, "newPassword").toCharArray(), Requests.address(ctx));
        setCookie(ctx, "", 0); // every session of the user ended: log in again with the new password
        ctx.status(204);
    }

    private static Map<String, Object> sessionView(String username, Role role, Session session) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("username", username);
        view.put("role", role.id());
        view.put("csrfToken", session == null ? null : session.csrfToken());
        return view;
    }

    /** HttpOnly (scripts cannot read it), SameSite=Strict (no cross-site requests carry it), Secure on HTTPS. */
    private void setCookie(Context ctx, String value, int maxAge) {
        ctx.header("Set-Cookie", ApiGuard.SESSION_COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict"
                + (secureCookies ? "; Secure" : "") + (maxAge >= 0 ? "; Max-Age=" + maxAge : ""));
    }
}
