package io.conduit.script;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A script step's configuration, read and checked at load.
 *
 * @param source       the step's script, inline or from its file
 * @param timeout      how long one call may run
 * @param allowClasses the Java classes the script may use, loaded (so a typo fails at load)
 * @param logArguments whether {@code log.*} writes its arguments (PHI) instead of {@code ***}
 */
record ScriptSettings(ScriptSource source, Duration timeout, List<Class<?>> allowClasses, boolean logArguments) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    ScriptSettings {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        allowClasses = List.copyOf(allowClasses);
    }

    /** Reads {@code script:} or {@code file:}, {@code timeout:}, {@code allowClasses:}, {@code logArguments:}. */
    static ScriptSettings read(ConfigNode config, Path configDirectory) throws ConfigException {
        Optional<String> inline = config.optString("script");
        Optional<String> file = config.optString("file");
        if (inline.isPresent() == file.isPresent()) {
            throw config.error("give exactly one of 'script' (the JavaScript inline) or 'file' (a .js file in the config directory)");
        }
        ScriptSource source = inline.isPresent()
                ? new ScriptSource(ScriptSource.INLINE, inline.get())
                : new ScriptSource(file.get(), read(config, configDirectory, file.get()));
        Duration timeout = config.duration("timeout", DEFAULT_TIMEOUT);
        if (timeout.isNegative() || timeout.isZero()) {
            throw config.error("timeout", "must be longer than zero, e.g. 500ms or 2s");
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String name : config.strings("allowClasses")) {
            classes.add(load(config, name.trim()));
        }
        boolean logArguments = config.bool("logArguments", false);
        return new ScriptSettings(source, timeout, classes, logArguments);
    }

    private static String read(ConfigNode config, Path configDirectory, String name) throws ConfigException {
        Path root = configDirectory.toAbsolutePath().normalize();
        Path path = root.resolve(name).normalize();
        try {
            // Real paths too: a symbolic link inside the directory must not lead out of it.
            if (!path.startsWith(root) || Files.exists(path) && !path.toRealPath().startsWith(root.toRealPath())) {
                throw config.error("file", "must be inside the config directory, got '" + name + "'");
            }
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw config.error("file", "cannot be read: " + e.getMessage());
        }
    }

    private static Class<?> load(ConfigNode config, String name) throws ConfigException {
        if (!name.matches("[\\w$]+(\\.[\\w$]+)+")) {
            throw config.error("allowClasses", "'" + name + "' is not a fully qualified class name such as java.time.LocalDate");
        }
        try {
            return Class.forName(name, false, ScriptSettings.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw config.error("allowClasses", "there is no class '" + name + "' on the class path (check the spelling and the package)");
        }
    }
}
