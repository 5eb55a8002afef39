package io.conduit.server.api;

import io.conduit.core.runtime.Engine;
import io.conduit.server.auth.Accounts;
import io.conduit.server.auth.Role;
import io.javalin.config.RoutesConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The REST API: registers every route with the role it needs, and the guard that enforces it.
 * {@link io.conduit.server.http.HttpServer} mounts it next to the health and metrics endpoints.
 */
public final class ControlPlaneApi {

    private final Engine engine;
    private final Accounts accounts;
    private final boolean secureCookies;
    private final Instant startedAt = Instant.now();
    private final String version;

    /**
     * @param secureCookies whether the port speaks HTTPS (session cookies are then marked Secure)
     * @param version       the engine's version, for {@code GET /api/v1/server}
     */
    public ControlPlaneApi(Engine engine, Accounts accounts, boolean secureCookies, String version) {
        this.engine = engine;
        this.accounts = accounts;
        this.secureCookies = secureCookies;
        this.version = version;
    }

    /** Adds the API's routes and its guard to a Javalin configuration. */
    public void register(RoutesConfig routes) {
        ApiGuard guard = new ApiGuard(accounts);
        routes.before("/api/v1/*", ctx -> {
            // Javalin would answer HEAD for every GET route itself, an empty 200 that skips the
            // role check: refuse it, so a HEAD never tells an unauthenticated caller what exists.
            if (ctx.method() == io.javalin.http.HandlerType.HEAD) {
                ctx.header("Allow", "GET");
                throw new ApiException(405, "the API does not answer HEAD; use GET");
            }
        });
        routes.beforeMatched(guard::check);
        new SessionRoutes(accounts, guard, secureCookies).register(routes);
        new ChannelRoutes(engine).register(routes);
        new MessageRoutes(engine).register(routes);
        new AuditRoutes(engine.store()).register(routes);
        new AdminRoutes(accounts).register(routes);
        routes.get("/api/v1/server", ctx -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("version", version);
            view.put("startedAt", startedAt.toString());
            view.put("uptimeSeconds", Duration.between(startedAt, Instant.now()).toSeconds());
            view.put("store", engine.server().storeFactory().type());
            if (Requests.principal(ctx).role().includes(Role.ADMIN)) {
                view.put("configDirectory", engine.configDirectory().toAbsolutePath().toString()); // a path on the server
            }
            ctx.json(view);
        }, Role.VIEWER);
    }
}
