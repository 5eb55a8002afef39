package io.conduit.core.runtime;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.config.ConfigProblem;
import io.conduit.core.pipeline.FileLookupTables;
import io.conduit.core.pipeline.LookupTables;
import io.conduit.core.store.StoreFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A config directory: {@code conduit.yaml} (optional; engine settings) and one YAML file per
 * channel under {@code channels/}. Loading validates everything and reports every broken file,
 * each problem with file, line and field.
 */
public final class ConfigDirectory {

    /** The engine settings file's name. */
    public static final String SERVER_FILE = "conduit.yaml";
    /** The folder holding one file per channel. */
    public static final String CHANNELS_DIR = "channels";

    private final Path dir;
    private final Function<String, @Nullable String> env;
    private final Plugins plugins;
    private final InstantSource clock;
    private @Nullable LookupTables lookups;

    public ConfigDirectory(Path dir, Function<String, @Nullable String> env, Plugins plugins, InstantSource clock) {
        this.dir = dir;
        this.env = env;
        this.plugins = plugins;
        this.clock = clock;
    }

    public Path path() {
        return dir;
    }

    /**
     * The lookup tables under {@code lookups/}, read once per config directory and reloaded by
     * themselves when their files change.
     */
    public synchronized LookupTables lookups() throws ConfigException {
        if (lookups == null) {
            lookups = FileLookupTables.load(dir, clock);
        }
        return lookups;
    }

    /**
     * Reads {@code lookups/} again, so tables added since the last load are found by the channels
     * deployed from now on (tables already loaded reload themselves when their files change).
     */
    synchronized void rescanLookups() throws ConfigException {
        lookups = FileLookupTables.load(dir, clock);
    }

    /** A data type with its default settings, by name (e.g. what a template converted to); empty when unknown. */
    java.util.Optional<io.conduit.core.datatype.DataType> defaultDataType(String name) {
        return plugins.dataTypeFactory(name).flatMap(f -> {
            try {
                return java.util.Optional.of(f.createWithDefaults(SERVER_FILE));
            } catch (ConfigException e) {
                return java.util.Optional.empty();
            }
        });
    }

    /** Reads {@code conduit.yaml}; defaults when the file is absent. */
    public ServerConfig server() throws ConfigException {
        Path file = dir.resolve(SERVER_FILE);
        ConfigNode root = Files.exists(file)
                ? ConfigNode.load(file, SERVER_FILE, env)
                : ConfigNode.parse("{}", SERVER_FILE, env);
        Path dataDir = Path.of(root.string("dataDirectory", "data"));
        if (!dataDir.isAbsolute()) {
            // Relative to where the engine runs, as users expect from `./conduit run DIR` (./data).
            dataDir = dataDir.toAbsolutePath().normalize();
        }
        Duration shutdownTimeout = root.duration("shutdownTimeout", Duration.ofSeconds(30));
        ConfigNode storeNode = root.object("store").orElse(ConfigNode.parse("type: sqlite", SERVER_FILE, env));
        StoreFactory storeFactory = plugins.store(storeNode, storeNode.string("type"));
        StoreFactory.StoreSettings storeSettings = storeFactory.settings(storeNode, dataDir);
        storeNode.finish();
        HttpSettings http = http(root, dataDir);
        root.finish();
        return new ServerConfig(dataDir, storeFactory, storeSettings, shutdownTimeout, http);
    }

    /** The optional {@code http:} mapping; every key defaults. */
    private static HttpSettings http(ConfigNode root, Path dataDir) throws ConfigException {
        Optional<ConfigNode> node = root.object("http");
        if (node.isEmpty()) {
            return HttpSettings.defaults();
        }
        ConfigNode http = node.get();
        http.checkKeys("enabled", "host", "port", "tls", "redirectPort", "auth");
        boolean enabled = http.bool("enabled", true);
        String host = http.string("host", HttpSettings.DEFAULT_HOST).trim();
        if (host.isEmpty()) {
            throw http.error("host", "must name an address to listen on, e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)");
        }
        int port = http.integer("port", HttpSettings.DEFAULT_PORT, 0, 65535);
        // Key stores resolve against the data directory, as for MLLP listeners.
        io.conduit.core.tls.TlsSettings tls = io.conduit.core.tls.TlsSettings.read(http, true, dataDir).orElse(null);
        int redirectPort = http.integer("redirectPort", -1, 0, 65535);
        if (redirectPort >= 0 && tls == null) {
            throw http.error("redirectPort", "redirects plain HTTP to HTTPS, so it needs http.tls");
        }
        if (redirectPort > 0 && redirectPort == port) {
            throw http.error("redirectPort", "must differ from http.port (" + port + ")");
        }
        AuthSettings auth = auth(http);
        http.finish();
        return new HttpSettings(enabled, host, port, tls, redirectPort, auth);
    }

    private static final java.util.Set<String> ROLES = java.util.Set.of("viewer", "analyst", "operator", "admin");

    /** The optional {@code http.auth:} mapping. */
    private static AuthSettings auth(ConfigNode http) throws ConfigException {
        Optional<ConfigNode> node = http.object("auth");
        if (node.isEmpty()) {
            return AuthSettings.defaults();
        }
        ConfigNode auth = node.get();
        auth.checkKeys("sessionIdleTimeout", "sessionMaxAge", "oidc");
        AuthSettings defaults = AuthSettings.defaults();
        java.time.Duration idle = auth.duration("sessionIdleTimeout", defaults.sessionIdleTimeout());
        java.time.Duration maxAge = auth.duration("sessionMaxAge", defaults.sessionMaxAge());
        if (idle.isZero() || idle.isNegative()) {
            throw auth.error("sessionIdleTimeout", "must be positive, e.g. 30m");
        }
        if (maxAge.compareTo(idle) < 0) {
            throw auth.error("sessionMaxAge", "must be at least sessionIdleTimeout (" + idle + ")");
        }
        AuthSettings.Oidc oidc = null;
        Optional<ConfigNode> oidcNode = auth.object("oidc");
        if (oidcNode.isPresent()) {
            ConfigNode o = oidcNode.get();
            o.checkKeys("issuer", "jwksUri", "audience", "usernameClaim", "rolesClaim", "roleMapping");
            String jwks = o.string("jwksUri");
            if (!httpsOrLocalHttp(jwks)) {
                throw o.error("jwksUri", "must be an https:// URL (plain http only on localhost), got " + jwks);
            }
            java.util.Map<String, String> mapping = o.stringMap("roleMapping");
            if (mapping.isEmpty()) {
                throw o.error("roleMapping", "must map at least one group or role of the token to a Conduit role "
                        + "(viewer, analyst, operator or admin), e.g. {integration-admins: admin}");
            }
            for (var e : mapping.entrySet()) {
                if (!ROLES.contains(e.getValue())) {
                    throw o.error("roleMapping", "maps '" + e.getKey() + "' to '" + e.getValue()
                            + "'; allowed roles: viewer, analyst, operator, admin");
                }
            }
            oidc = new AuthSettings.Oidc(o.string("issuer"), jwks, o.string("audience"),
                    o.string("usernameClaim", "preferred_username"), o.string("rolesClaim", "groups"), mapping);
            o.finish();
        }
        auth.finish();
        return new AuthSettings(idle, maxAge, oidc);
    }

    /**
     * Whether the issuer's keys come over https, or over plain http from this machine only. The
     * host is compared whole: {@code http://localhost.attacker.example} is not local.
     */
    private static boolean httpsOrLocalHttp(String uri) {
        java.net.URI u;
        try {
            u = new java.net.URI(uri);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("https")) {
            return true;
        }
        String host = u.getHost();
        return scheme.equals("http") && u.getRawUserInfo() == null && host != null
                && (host.equalsIgnoreCase("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"));
    }

    /**
     * Reads and builds every channel file (nothing is started).
     *
     * @throws ConfigException listing the problems of every broken file, not only the first
     */
    List<ChannelPlan> channels(Path dataDir, ChannelDirectory directory) throws ConfigException {
        Path channelsDir = dir.resolve(CHANNELS_DIR);
        if (!Files.isDirectory(channelsDir)) {
            throw new ConfigException(new ConfigProblem(CHANNELS_DIR, 0, "",
                    "no channels folder in " + dir + " (put one YAML file per channel in " + channelsDir + ")"));
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(channelsDir)) {
            files = list.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(CHANNELS_DIR, 0, "", "cannot list: " + e.getMessage()));
        }
        if (files.isEmpty()) {
            throw new ConfigException(new ConfigProblem(CHANNELS_DIR, 0, "", "holds no channel files (*.yaml)"));
        }
        ChannelLoader loader = new ChannelLoader(plugins, dir, dataDir, lookups(), directory, clock);
        List<ChannelPlan> plans = new ArrayList<>();
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, String> nameToFile = new HashMap<>();
        for (Path file : files) {
            String display = CHANNELS_DIR + "/" + file.getFileName();
            String defaultName = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            try {
                ChannelPlan plan = loader.load(ConfigNode.load(file, display, env), defaultName);
                String other = nameToFile.putIfAbsent(plan.name(), display);
                if (other != null) {
                    problems.add(new ConfigProblem(display, 0, "name", "channel name '" + plan.name() + "' is also used by " + other));
                } else {
                    plans.add(plan);
                }
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        for (ChannelLoader.ChannelLink link : loader.links()) {
            ChannelPlan target = plans.stream().filter(p -> p.name().equals(link.target())).findFirst().orElse(null);
            if (target == null) {
                problems.add(new ConfigProblem(link.file(), link.line(), link.field(), "there is no channel '" + link.target()
                        + "'; channels: " + new java.util.TreeSet<>(nameToFile.keySet())));
            } else if (target.respondAfter() == RespondAfter.DELIVERED) {
                // The hand-over would wait on the target's deliveries and read a timeout as a failure,
                // although the target stored the message: a retry would store it twice.
                problems.add(new ConfigProblem(link.file(), link.line(), link.field(), "channel '" + link.target()
                        + "' answers after delivery (source.respondAfter: delivered); a channel fed by other channels "
                        + "must answer once stored"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return plans;
    }

    /**
     * Validates the whole directory without starting or opening anything.
     *
     * @return the names of the channels found
     * @throws ConfigException listing every problem
     */
    public List<String> validate() throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        Path dataDir = Path.of("data").toAbsolutePath();
        try {
            dataDir = server().dataDirectory();
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        try {
            List<String> names = channels(dataDir, new ChannelDirectory()).stream().map(ChannelPlan::name).toList();
            if (problems.isEmpty()) {
                return names;
            }
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        throw new ConfigException(problems);
    }
}
