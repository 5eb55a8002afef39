package io.conduit.core.runtime;

import io.conduit.core.config.ConfigException;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot redeploy: watches a config directory's {@code channels/} folder and calls
 * {@link Engine#redeploy()} once edits settle ({@link #SETTLE} without further change), so an
 * editor's save-in-several-writes is applied once. A broken file is reported and the running
 * channels stay as they are.
 */
public final class ConfigWatcher implements AutoCloseable {

    /** How long the folder must be quiet before a redeploy. */
    static final Duration SETTLE = Duration.ofMillis(500);

    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    private final WatchService watcher;
    private final Thread thread;

    private ConfigWatcher(WatchService watcher, Engine engine, Path dir) {
        this.watcher = watcher;
        this.thread = Thread.ofPlatform().daemon().name("conduit-config-watcher").start(() -> loop(engine, dir));
    }

    /** Starts watching {@code configDir/channels}. */
    public static ConfigWatcher start(Engine engine, Path configDir) throws IOException {
        Path channels = configDir.resolve(ConfigDirectory.CHANNELS_DIR);
        WatchService watcher = FileSystems.getDefault().newWatchService();
        channels.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        return new ConfigWatcher(watcher, engine, channels);
    }

    private void loop(Engine engine, Path dir) {
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean relevant = drain(key);
                if (!key.isValid()) {
                    LOG.warn("{} can no longer be watched (removed or replaced); hot redeploy is off until the engine restarts", dir);
                    return;
                }
                // Wait until the folder is quiet: editors write, rename and touch in quick succession.
                WatchKey more;
                while ((more = watcher.poll(SETTLE.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    relevant |= drain(more);
                }
                if (relevant) {
                    apply(engine, dir);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    /** Whether the events concern channel files; resets the key. */
    private static boolean drain(WatchKey key) {
        boolean relevant = false;
        for (var event : key.pollEvents()) {
            Object context = event.context();
            relevant |= event.kind() == StandardWatchEventKinds.OVERFLOW
                    || context instanceof Path p && p.getFileName().toString().matches(".*\\.ya?ml");
        }
        key.reset();
        return relevant;
    }

    private static void apply(Engine engine, Path dir) {
        try {
            Engine.Redeploy result = engine.redeploy(new Engine.Operator("config-watcher", "local"));
            if (!result.changedAnything()) {
                LOG.debug("channel files in {} changed but no channel differs", dir);
            }
        } catch (ConfigException e) {
            LOG.warn("channel files in {} have {} problem(s); the running channels stay as they are:", dir, e.problems().size());
            e.problems().forEach(p -> LOG.warn("  {}", p));
        } catch (Exception e) {
            LOG.error("redeploy failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.debug("closing the watch service: {}", e.toString());
        }
        thread.interrupt();
    }
}
