package io.conduit.server;

import io.conduit.core.config.ConfigException;
import io.conduit.core.runtime.Channel;
import io.conduit.core.runtime.ConfigWatcher;
import io.conduit.core.runtime.Engine;
import io.conduit.core.runtime.HttpSettings;
import io.conduit.server.http.HttpServer;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code conduit run DIR}: runs the engine until interrupted (Ctrl-C or SIGTERM stop it gracefully). */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the engine on a config directory.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--watch", description = "Redeploy a channel when its file under channels/ changes (hot redeploy; "
            + "queued messages are kept).")
    boolean watch;

    @Override
    public Integer call() throws Exception {
        Engine engine;
        try {
            engine = Engine.load(config.open(), InstantSource.system());
        } catch (ConfigException e) {
            System.err.println("Configuration errors in " + config.directory + ":");
            e.problems().forEach(p -> System.err.println("  " + p));
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<ConfigWatcher> watcher = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<HttpServer> http = new java.util.concurrent.atomic.AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ConfigWatcher w = watcher.get();
            if (w != null) {
                w.close(); // no redeploy while the engine stops
            }
            HttpServer h = http.get();
            if (h != null) {
                h.close(); // probes see the port close before the channels stop
            }
            engine.close();
            stopped.countDown();
        }, "conduit-shutdown"));
        try {
            engine.start();
        } catch (Exception e) {
            System.err.println("Cannot start: " + e.getMessage());
            return 1;
        }
        HttpSettings httpSettings = engine.server().http();
        if (httpSettings.enabled()) {
            try {
                http.set(HttpServer.start(engine, httpSettings));
            } catch (java.io.IOException e) {
                System.err.println("Cannot start: " + e.getMessage());
                return 1; // the shutdown hook closes the engine
            }
        }
        System.out.println("Conduit is running. Data directory: " + engine.server().dataDirectory());
        HttpServer server = http.get();
        String base = server == null ? "" : (httpSettings.tls() == null ? "http" : "https") + "://"
                + (httpSettings.host().contains(":") ? "[" + httpSettings.host() + "]" : httpSettings.host()) + ":" + server.port();
        System.out.println(server == null ? "  HTTP port disabled (http.enabled: false)"
                : "  Dashboard on " + base + "/ui/ (API " + base + "/api/docs; /health/live, /health/ready, /metrics)"
                        + (server.redirectPort().isPresent() ? "; plain HTTP on port " + server.redirectPort().getAsInt()
                                + " redirects there" : ""));
        if (server != null && httpSettings.tls() == null && !isLoopback(httpSettings.host())) {
            // Passwords, session cookies and message content would cross the network in clear text.
            System.out.println("  WARNING: the HTTP port listens on " + httpSettings.host() + " without TLS: logins and message "
                    + "content travel unencrypted; set http.tls (see README, 'Dashboard, API and users')");
        }
        if (server != null && server.setupToken().isPresent()) {
            // Printed once, to the console only (never to the log): whoever opens it first becomes the administrator.
            System.out.println("  No user exists yet. Create the administrator within this run at:");
            System.out.println("    " + base + "/ui/#/setup?token=" + server.setupToken().get());
            System.out.println("  (or start with CONDUIT_ADMIN_PASSWORD set; the link changes at every start until setup is done)");
        }
        for (Channel channel : engine.channels()) {
            System.out.println("  channel " + channel.name() + ": " + channel.state().name().toLowerCase()
                    + channel.failure().map(f -> " (" + f + ")").orElse("")
                    + channel.listenAddress().map(a -> ", listening on port " + a.getPort()).orElse("")
                    + ", destinations " + channel.destinationNames());
        }
        if (watch) {
            watcher.set(ConfigWatcher.start(engine, config.directory));
            System.out.println("Watching " + config.directory.resolve("channels") + " for changes.");
        }
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }

    private static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
