package io.conduit.server;

import io.conduit.core.config.ConfigException;
import io.conduit.core.runtime.ConfigDirectory;
import io.conduit.core.runtime.Plugins;
import io.conduit.core.runtime.ServerConfig;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.StoreException;
import java.nio.file.Path;
import java.time.InstantSource;
import picocli.CommandLine.Parameters;

/** The config directory argument shared by commands that work on one. */
final class ConfigOptions {

    @Parameters(index = "0", paramLabel = "DIR", description = "Config directory (conduit.yaml and channels/*.yaml).")
    Path directory;

    ConfigDirectory open() {
        return new ConfigDirectory(directory, System::getenv, Plugins.discover(), InstantSource.system());
    }

    /**
     * Opens the store {@code conduit.yaml} names (without loading channels), for commands that
     * read or write stored messages while the engine may be running.
     */
    MessageStore openStore() throws ConfigException, StoreException {
        ServerConfig server = open().server();
        return server.storeFactory().open(server.storeSettings());
    }

    /** What a command does with the store; returns the exit code. */
    interface StoreWork {
        int run(MessageStore store) throws Exception;
    }

    /**
     * Opens the store, runs {@code work} on it and closes it; when {@code conduit.yaml} is invalid,
     * prints its problems and returns exit code 2 instead.
     */
    int withStore(StoreWork work) throws Exception {
        MessageStore opened;
        try {
            opened = openStore();
        } catch (ConfigException e) {
            e.problems().forEach(System.err::println);
            return 2;
        }
        try (MessageStore store = opened) {
            return work.run(store);
        }
    }
}
