package io.conduit.server;

import io.conduit.core.runtime.Channel;
import io.conduit.core.runtime.ConfigDirectory;
import io.conduit.core.runtime.Engine;
import io.conduit.core.runtime.Plugins;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;

/** Builds a config directory in a temp folder and runs an engine on it, in this JVM. */
final class EngineHarness implements AutoCloseable {

    final Path configDir;
    final Path dataDir;
    final Map<String, String> env = new HashMap<>();
    Engine engine;

    EngineHarness(Path root) throws IOException {
        configDir = Files.createDirectories(root.resolve("config"));
        dataDir = root.resolve("data");
        Files.createDirectories(configDir.resolve("channels"));
        // An ephemeral HTTP port, so engines run by `conduit run` in tests never fight over 8080.
        Files.writeString(configDir.resolve("conduit.yaml"), "dataDirectory: " + dataDir + "\nhttp:\n  port: 0\n");
    }

    EngineHarness channel(String name, String yaml) throws IOException {
        Files.writeString(configDir.resolve("channels").resolve(name + ".yaml"), yaml);
        return this;
    }

    ConfigDirectory config() {
        return new ConfigDirectory(configDir, key -> env.getOrDefault(key, System.getenv(key)), Plugins.discover(),
                InstantSource.system());
    }

    Engine start() throws Exception {
        engine = Engine.load(config(), InstantSource.system());
        engine.start();
        return engine;
    }

    Channel channel(String name) {
        return engine.channel(name).orElseThrow();
    }

    int port(String channel) {
        return channel(channel).listenAddress().orElseThrow().getPort();
    }

    /** A port that was free a moment ago (for configs that must name a peer's port up front). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
    }
}
