package io.conduit.script;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared script libraries of a config directory: every {@code *.js} file directly under
 * {@code scripts/lib/}, in file-name order, so a library may use functions of one whose name sorts
 * before it. Like Mirth's code templates, their functions are visible to every script step of the
 * directory.
 */
final class Libraries {

    /** The folder under the config directory. */
    static final String FOLDER = "scripts/lib";

    private Libraries() {
    }

    /**
     * Reads the libraries of {@code configDirectory}; none when the folder is absent.
     *
     * @throws ConfigException naming the file that cannot be read
     */
    static List<ScriptSource> load(Path configDirectory) throws ConfigException {
        Path folder = configDirectory.resolve(FOLDER);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".js") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(FOLDER, 0, "", "cannot list the script libraries: " + e.getMessage()));
        }
        List<ScriptSource> sources = new ArrayList<>();
        for (Path file : files) {
            String name = FOLDER + "/" + file.getFileName();
            try {
                sources.add(new ScriptSource(name, Files.readString(file, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new ConfigException(new ConfigProblem(name, 0, "", "cannot read: " + e.getMessage()));
            }
        }
        return List.copyOf(sources);
    }
}
