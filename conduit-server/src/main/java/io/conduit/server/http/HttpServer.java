package io.conduit.server.http;

import io.conduit.core.runtime.Engine;
import io.conduit.core.runtime.HttpSettings;
import io.conduit.server.api.ApiException;
import io.conduit.server.api.ControlPlaneApi;
import io.conduit.server.auth.Accounts;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.util.ConcurrencyUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's HTTP port: the REST API under {@code /api/v1} (OpenAPI document at
 * {@code /api/openapi.json}, interactive page at {@code /api/docs}), the dashboard under
 * {@code /ui/}, and the unauthenticated {@code GET /health/live}, {@code GET /health/ready} and
 * {@code GET /metrics} (Prometheus text format; channel names and counts only).
 *
 * <p>Javalin on Jetty 12, with a virtual thread per request. Every response carries
 * {@code X-Content-Type-Options}, {@code X-Frame-Options}, {@code Referrer-Policy},
 * {@code Cache-Control} and a {@code Content-Security-Policy} fitting the path headers (set by a connector customizer, so Jetty's own error answers get
 * them too), and every error is an RFC 9457 problem document.
 *
 * <p>Start it after {@link Engine#start()} and close it before {@link Engine#close()}. It holds
 * no channel: every request looks the channels up from the engine, so redeploys show at once.
 * Thread-safe.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    private static final String JSON = "application/json";
    private static final List<HttpField> SECURITY_HEADERS = List.of(
            new HttpField("X-Content-Type-Options", "nosniff"),
            new HttpField("X-Frame-Options", "DENY"),
            new HttpField("Referrer-Policy", "no-referrer"),
            new HttpField(HttpHeader.CACHE_CONTROL, "no-store"));
    /** API answers and errors: nothing may load or run. */
    private static final HttpField CSP_NONE = new HttpField("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    /** The dashboard: its own scripts and styles only, no inline code, no other origin. */
    private static final HttpField CSP_DASHBOARD = new HttpField("Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    /** The interactive API page: Swagger UI sets style attributes while it renders. */
    private static final HttpField CSP_API_DOCS = new HttpField("Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; "
                    + "frame-ancestors 'none'");
    private static final String NOT_READY_TYPE = "urn:conduit:problem:not-ready";
    /** Sent on HTTPS only: browsers then refuse plain HTTP to this host for a year. */
    private static final HttpField HSTS = new HttpField("Strict-Transport-Security", "max-age=31536000");

    private final Javalin app;
    private final EngineMetrics metrics;
    private final java.util.Optional<String> setupToken;

    private HttpServer(Javalin app, EngineMetrics metrics, java.util.Optional<String> setupToken) {
        this.app = app;
        this.metrics = metrics;
        this.setupToken = setupToken;
    }

    /** Opens the port with the process environment (for {@code CONDUIT_ADMIN_USER}/{@code CONDUIT_ADMIN_PASSWORD}). */
    public static HttpServer start(Engine engine, HttpSettings settings) throws IOException {
        return start(engine, settings, System::getenv);
    }

    /**
     * Opens the port and serves until {@link #close()}.
     *
     * <p>On first start (no user stored yet) it creates the administrator from
     * {@code CONDUIT_ADMIN_PASSWORD}, or else keeps a one-time setup token ({@link #setupToken()})
     * for the caller to print.
     *
     * @param settings where to listen; {@link HttpSettings#enabled()} is the caller's business
     * @param env      the environment, for the first administrator
     * @throws IOException when the port cannot be opened (in use, no permission, unknown host)
     */
    public static HttpServer start(Engine engine, HttpSettings settings,
                                   java.util.function.Function<String, @org.jspecify.annotations.Nullable String> env) throws IOException {
        SSLContext loaded = null;
        if (settings.tls() != null) {
            try {
                loaded = settings.tls().context();
            } catch (java.security.GeneralSecurityException e) {
                throw new IOException("cannot load the HTTP port's key store: " + e.getMessage()
                        + " (check http.tls.keyStore and its password)", e);
            }
        }
        SSLContext sslContext = loaded;
        java.util.concurrent.atomic.AtomicInteger httpsPort = new java.util.concurrent.atomic.AtomicInteger(settings.port());
        Accounts accounts = new Accounts(engine.store(), settings.auth(), java.time.InstantSource.system());
        java.util.Optional<String> setupToken;
        try {
            setupToken = accounts.prepareFirstStart(env);
        } catch (io.conduit.core.store.StoreException | io.conduit.server.auth.AccountException e) {
            throw new IOException("cannot prepare the first administrator: " + e.getMessage(), e);
        }
        ControlPlaneApi api = new ControlPlaneApi(engine, accounts, sslContext != null, version());
        ApiDocs docs = ApiDocs.load();
        Readiness readiness = new Readiness(engine, Duration.ofSeconds(2));
        EngineMetrics metrics = new EngineMetrics(engine, Duration.ofSeconds(1));
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.startup.startupWatcherEnabled = false;
            config.concurrency.useVirtualThreads = true;
            config.jetty.threadPool = ConcurrencyUtil.jettyThreadPool("conduit-http", 8, 250, true);
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            if (sslContext != null) {
                config.jetty.addConnector((server, http) -> httpsConnector(server, http, settings, sslContext));
                if (settings.redirectPort() >= 0) {
                    config.jetty.addConnector((server, http) -> redirectConnector(server, http, settings));
                    // Plain HTTP gets nothing but the way to HTTPS (308 keeps the method and body).
                    config.routes.before(ctx -> {
                        if (!ctx.req().isSecure()) {
                            String host = ctx.req().getServerName();
                            ctx.header("Location", "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                                    + httpsPort.get() + ctx.path());
                            ctx.status(308);
                            ctx.skipRemainingHandlers();
                        }
                    });
                }
            }
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = 1024 * 1024; // API bodies are small JSON documents
            config.staticFiles.add(files -> {
                files.hostedPath = "/ui";
                files.directory = "/dashboard";
                files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
            });
            config.staticFiles.enableWebjars();
            config.jetty.modifyHttpConfiguration(http -> http.addCustomizer((request, responseHeaders) -> {
                SECURITY_HEADERS.forEach(responseHeaders::put);
                String path = request.getHttpURI().getPath();
                responseHeaders.put(path == null ? CSP_NONE : path.startsWith("/ui") ? CSP_DASHBOARD
                        : path.equals("/api/docs") || path.startsWith("/webjars/") ? CSP_API_DOCS : CSP_NONE);
                if (sslContext != null) {
                    responseHeaders.put(HSTS);
                }
                return request;
            }));
            config.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));

            config.routes.get("/health/live", ctx -> ctx.contentType(JSON).result("{\"status\":\"UP\"}"));
            config.routes.get("/health/ready", ctx -> {
                List<String> problems = readiness.problems();
                if (problems.isEmpty()) {
                    ctx.contentType(JSON).result("{\"status\":\"UP\"}");
                } else {
                    problem(ctx, new Problem(NOT_READY_TYPE, "Not ready", 503, String.join("; ", problems)));
                }
            });
            config.routes.get("/metrics", ctx -> ctx.contentType(EngineMetrics.contentType()).result(metrics.scrape()));
            config.routes.get("/", ctx -> ctx.redirect("/ui/"));
            config.routes.get("/api/openapi.json", ctx -> ctx.contentType(JSON).result(docs.json()));
            config.routes.get("/api/docs", ctx -> ctx.contentType("text/html; charset=utf-8").result(docs.page()));
            api.register(config.routes);

            config.routes.exception(ApiException.class, (e, ctx) -> problem(ctx, Problem.of(e)));
            config.routes.exception(io.conduit.server.auth.PasswordHashing.Busy.class, (e, ctx) -> {
                ctx.header("Retry-After", "1");
                problem(ctx, Problem.ofStatus(503, e.getMessage()));
            });
            config.routes.exception(io.conduit.server.auth.AccountException.class,
                    (e, ctx) -> problem(ctx, Problem.of(ApiException.of(e))));
            config.routes.exception(io.conduit.core.store.StoreException.class, (e, ctx) -> {
                LOG.warn("HTTP {} {}: store unavailable: {}", ctx.method(), ctx.endpoint() == null ? "" : ctx.endpoint().path, e.getMessage());
                problem(ctx, Problem.ofStatus(503, "the message store did not answer; try again (the engine log has the cause)"));
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, Problem.ofStatus(e.getStatus(),
                    e.getStatus() == 404 ? "no endpoint here; the API is under /api/v1 (described at /api/openapi.json, "
                            + "browsable at /api/docs), the dashboard at /ui/, and /health/live, /health/ready, /metrics"
                            : e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("HTTP {} request failed", ctx.method(), e);
                problem(ctx, Problem.ofStatus(500, "the request failed inside the engine; the engine log has the cause"));
            });
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            metrics.close();
            app.stop();
            throw new IOException("cannot open the HTTP port on " + settings.host() + ":" + settings.port() + ": "
                    + e.getMessage() + " (set http.port or http.host in conduit.yaml, or http.enabled: false)", e);
        }
        httpsPort.set(app.port()); // the TLS connector comes first; with port 0 it is known only now
        LOG.info("HTTP{} port open on {}:{}", settings.tls() == null ? "" : "S", settings.host(), app.port());
        return new HttpServer(app, metrics, setupToken);
    }

    /**
     * The one-time token that lets the first administrator be created through
     * {@code /ui/#/setup?token=…}; present only while no user exists and no
     * {@code CONDUIT_ADMIN_PASSWORD} was given. Print it once; never log it.
     */
    public java.util.Optional<String> setupToken() {
        return setupToken;
    }

    private static String version() {
        String v = HttpServer.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    /**
     * The HTTPS listener: TLS (1.3 and 1.2 unless the settings say otherwise) in front of the same
     * HTTP configuration, so security headers and error handling are the same.
     */
    private static Connector httpsConnector(Server server, HttpConfiguration http, HttpSettings settings, SSLContext context) {
        http.addCustomizer(new SecureRequestCustomizer(false)); // no SNI host check: clients connect by IP too
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(context);
        ssl.setIncludeProtocols(settings.tls().protocols().toArray(String[]::new));
        switch (settings.tls().clientAuth()) {
            case NEED -> ssl.setNeedClientAuth(true);
            case WANT -> ssl.setWantClientAuth(true);
            case NONE -> { }
        }
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(http));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        return connector;
    }

    private static final String REDIRECT = "redirect";

    private static Connector redirectConnector(Server server, HttpConfiguration http, HttpSettings settings) {
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setName(REDIRECT);
        connector.setHost(settings.host());
        connector.setPort(settings.redirectPort());
        return connector;
    }

    /** The plain-HTTP port that redirects to HTTPS, when configured. */
    public java.util.OptionalInt redirectPort() {
        for (Connector c : app.jettyServer().server().getConnectors()) {
            if (REDIRECT.equals(c.getName()) && c instanceof ServerConnector sc) {
                return java.util.OptionalInt.of(sc.getLocalPort());
            }
        }
        return java.util.OptionalInt.empty();
    }

    /** The port actually bound (the chosen one when the settings said 0). */
    public int port() {
        return app.port();
    }

    /** Stops serving and releases the port. Idempotent. */
    @Override
    public void close() {
        app.stop();
        metrics.close();
    }

    private static void problem(Context ctx, Problem problem) {
        ctx.status(problem.status()).contentType(Problem.MEDIA_TYPE).result(problem.toJson());
    }

    /** Errors Jetty answers itself (a malformed request, a failure outside Javalin) as problem documents too. */
    private static final class ProblemErrorHandler extends ErrorHandler {

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Object status = request.getAttribute(ERROR_STATUS);
            int code = status instanceof Integer i ? i : response.getStatus();
            Problem problem = Problem.ofStatus(code, "the server could not handle this request");
            response.setStatus(code);
            // Errors raised before the request reaches a handler (a malformed URI) skip the customizer.
            SECURITY_HEADERS.forEach(response.getHeaders()::put);
            response.getHeaders().put(CSP_NONE);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
            response.write(true, ByteBuffer.wrap(problem.toJson().getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
            SECURITY_HEADERS.forEach(fields::put);
            fields.put(CSP_NONE);
            return ByteBuffer.wrap(Problem.ofStatus(status, "the request was malformed").toJson().getBytes(StandardCharsets.UTF_8));
        }
    }
}
