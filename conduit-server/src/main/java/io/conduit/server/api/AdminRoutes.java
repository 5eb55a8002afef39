package io.conduit.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conduit.core.store.ApiTokenRecord;
import io.conduit.core.store.UserRecord;
import io.conduit.server.auth.Accounts;
import io.conduit.server.auth.Principal;
import io.conduit.server.auth.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Users and API tokens; admins only. Password hashes and token secrets never leave the server. */
final class AdminRoutes {

    private final Accounts accounts;

    AdminRoutes(Accounts accounts) {
        this.accounts = accounts;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/users", ctx -> ctx.json(accounts.users().stream().map(AdminRoutes::userView).toList()), Role.ADMIN);
        routes.post("/api/v1/users", this::createUser, Role.ADMIN);
        routes.patch("/api/v1/users/{username}", this::updateUser, Role.ADMIN);
        routes.delete("/api/v1/users/{username}", this::deleteUser, Role.ADMIN);
        routes.get("/api/v1/tokens", ctx -> ctx.json(accounts.tokens().stream().map(AdminRoutes::tokenView).toList()), Role.ADMIN);
        routes.post("/api/v1/tokens", this::createToken, Role.ADMIN);
        routes.delete("/api/v1/tokens/{id}", this::revokeToken, Role.ADMIN);
    }

    private void createUser(Context ctx) throws Exception {
        ObjectNode body = Requests.body(ctx, Set.of("username", "password", "role"));
        Principal by = Requests.principal(ctx);
        UserRecord user = accounts.createUser(Requests.requiredString(body, "username"),
                Requests.requiredString(body, "password").toCharArray(), role(Requests.requiredString(body, "role")),
                by.auditName(), Requests.address(ctx));
        ctx.status(201).json(userView(user));
    }

    private void updateUser(Context ctx) throws Exception {
        ObjectNode body = Requests.body(ctx, Set.of("role", "password", "disabled"));
        String role = Requests.string(body, "role");
        String password = Requests.string(body, "password");
        UserRecord user = accounts.updateUser(ctx.pathParam("username"), role == null ? null : role(role),
                password == null ? null : password.toCharArray(), Requests.bool(body, "disabled"),
                Requests.principal(ctx).auditName(), Requests.address(ctx));
        ctx.json(userView(user));
    }

    private void deleteUser(Context ctx) throws Exception {
        accounts.deleteUser(ctx.pathParam("username"), Requests.principal(ctx).auditName(), Requests.address(ctx));
        ctx.status(204);
    }

    private void createToken(Context ctx) throws Exception {
        ObjectNode body = Requests.body(ctx, Set.of("name", "role", "expiresInDays"));
        Integer days = Requests.integer(body, "expiresInDays", 1, 730);
        Accounts.NewToken token = accounts.createToken(Requests.requiredString(body, "name"),
                role(Requests.requiredString(body, "role")), Duration.ofDays(days == null ? 90 : days),
                Requests.principal(ctx).auditName(), Requests.address(ctx));
        Map<String, Object> view = tokenView(token.record());
        view.put("token", token.token());
        ctx.status(201).json(view);
    }

    private void revokeToken(Context ctx) throws Exception {
        accounts.revokeToken(ctx.pathParam("id"), Requests.principal(ctx).auditName(), Requests.address(ctx));
        ctx.status(204);
    }

    private static Role role(@Nullable String id) {
        return Role.parse(id == null ? "" : id).orElseThrow(() -> ApiException.badRequest("role",
                "role must be viewer, analyst, operator or admin, got '" + id + "'"));
    }

    static Map<String, Object> userView(UserRecord u) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("username", u.username());
        view.put("role", u.role());
        view.put("createdAt", u.createdAt().toString());
        view.put("disabled", u.disabled());
        return view;
    }

    static Map<String, Object> tokenView(ApiTokenRecord t) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", t.id());
        view.put("name", t.name());
        view.put("role", t.role());
        view.put("createdBy", t.createdBy());
        view.put("createdAt", t.createdAt().toString());
        view.put("expiresAt", t.expiresAt().toString());
        return view;
    }
}
