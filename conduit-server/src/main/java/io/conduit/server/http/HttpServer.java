package io.conduit.server.http;

import io.conduit.core.runtime.Engine;
import io.conduit.core.runtime.HttpSettings;
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
 * The engine's HTTP port: {@code GET /health/live}, {@code GET /health/ready} and
 * {@code GET /metrics} (Prometheus text format).
 *
 * <p>Javalin on Jetty 12, with a virtual thread per request. Every response carries
 * {@code X-Content-Type-Options}, {@code X-Frame-Options}, {@code Content-Security-Policy} and
 * {@code Cache-Control} headers (set by a connector customizer, so Jetty's own error answers get
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
            new HttpField("Content-Security-Policy", "default-src 'none'"),
            new HttpField(HttpHeader.CACHE_CONTROL, "no-store"));
    private static final String NOT_READY_TYPE = "urn:conduit:problem:not-ready";
    /** Sent on HTTPS only: browsers then refuse plain HTTP to this host for a year. */
    private static final HttpField HSTS = new HttpField("Strict-Transport-Security", "max-age=31536000");

    private final Javalin app;
    private final EngineMetrics metrics;

    private HttpServer(Javalin app, EngineMetrics metrics) {
        this.app = app;
        this.metrics = metrics;
    }

    /**
     * Opens the port and serves until {@link #close()}.
     *
     * @param settings where to listen; {@link HttpSettings#enabled()} is the caller's business
     * @throws IOException when the port cannot be opened (in use, no permission, unknown host)
     */
    public static HttpServer start(Engine engine, HttpSettings settings) throws IOException {
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
            config.jetty.modifyHttpConfiguration(http -> http.addCustomizer((request, responseHeaders) -> {
                SECURITY_HEADERS.forEach(responseHeaders::put);
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

            config.routes.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, Problem.ofStatus(e.getStatus(),
                    e.getStatus() == 404 ? "no endpoint here; this port serves /health/live, /health/ready and /metrics"
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
        return new HttpServer(app, metrics);
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
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
            response.write(true, ByteBuffer.wrap(problem.toJson().getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
            SECURITY_HEADERS.forEach(fields::put);
            return ByteBuffer.wrap(Problem.ofStatus(status, "the request was malformed").toJson().getBytes(StandardCharsets.UTF_8));
        }
    }
}
