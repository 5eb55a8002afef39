package io.conduit.server;

import io.conduit.core.runtime.ConfigDirectory;
import io.conduit.core.runtime.Plugins;
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
}
