package io.conduit.core.pipeline;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigProblem;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Lookup tables read from a config directory's {@code lookups/} folder:
 * <ul>
 *   <li>{@code NAME.csv}: a header row, then one row per entry; the first column is the key, the
 *       second the value (further columns are ignored, e.g. a description);</li>
 *   <li>{@code NAME.yaml}: a mapping of keys to single values.</li>
 * </ul>
 * Tables are held in memory. A lookup checks, at most once per {@link #RECHECK} and table, whether
 * the file changed (modification time and size) and reloads it; a file that no longer reads keeps
 * the previous table in service and logs why, so a half-saved edit never empties a table.
 *
 * <p>Thread-safe: each table is an immutable map swapped atomically.
 */
public final class FileLookupTables implements LookupTables {

    /** The folder under the config directory. */
    public static final String FOLDER = "lookups";
    /** How often a lookup may look at the file for changes. */
    static final Duration RECHECK = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(FileLookupTables.class);

    private final Map<String, Table> tables;
    private final InstantSource clock;

    private FileLookupTables(Map<String, Table> tables, InstantSource clock) {
        this.tables = tables;
        this.clock = clock;
    }

    /**
     * Reads every table under {@code configDir/lookups} (none when the folder is absent).
     *
     * @throws ConfigException naming the file and line of each unreadable table
     */
    public static FileLookupTables load(Path configDir, InstantSource clock) throws ConfigException {
        Path folder = configDir.resolve(FOLDER);
        Map<String, Table> tables = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return new FileLookupTables(tables, clock);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.getFileName().toString().matches(".+\\.(csv|ya?ml)")).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(FOLDER, 0, "", "cannot list: " + e.getMessage()));
        }
        List<ConfigProblem> problems = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString().replaceFirst("\\.(csv|ya?ml)$", "");
            try {
                Table table = new Table(file, FOLDER + "/" + file.getFileName(), clock);
                if (tables.putIfAbsent(name, table) != null) {
                    problems.add(new ConfigProblem(FOLDER + "/" + file.getFileName(), 0, "",
                            "another file already defines the table '" + name + "'; keep one"));
                }
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new FileLookupTables(tables, clock);
    }

    @Override
    public Set<String> names() {
        return tables.keySet();
    }

    @Override
    public Optional<String> lookup(String table, String key) {
        Table t = tables.get(table);
        if (t == null) {
            throw new IllegalArgumentException("there is no lookup table '" + table + "' (tables: " + tables.keySet() + ")");
        }
        return Optional.ofNullable(t.entries(clock).get(key));
    }

    /** One file's entries, reloaded when the file changes. */
    private static final class Table {
        private final Path file;
        private final String display;
        private volatile Map<String, String> entries;
        private volatile FileTime modified;
        private volatile long size;
        private volatile long checkedAtMillis;

        Table(Path file, String display, InstantSource clock) throws ConfigException {
            this.file = file;
            this.display = display;
            try {
                this.modified = Files.getLastModifiedTime(file);
                this.size = Files.size(file);
            } catch (IOException e) {
                throw new ConfigException(new ConfigProblem(display, 0, "", "cannot read: " + e.getMessage()));
            }
            this.entries = read(file, display);
            this.checkedAtMillis = clock.millis();
        }

        Map<String, String> entries(InstantSource clock) {
            long now = clock.millis();
            if (now - checkedAtMillis >= RECHECK.toMillis()) {
                checkedAtMillis = now;
                reloadIfChanged();
            }
            return entries;
        }

        private synchronized void reloadIfChanged() {
            try {
                FileTime m = Files.getLastModifiedTime(file);
                long s = Files.size(file);
                if (m.equals(modified) && s == size) {
                    return;
                }
                entries = read(file, display);
                modified = m;
                size = s;
                LOG.info("lookup table {} reloaded ({} entries)", display, entries.size());
            } catch (IOException | ConfigException e) {
                LOG.warn("lookup table {} changed but cannot be read; the previous version stays in use: {}", display,
                        e.getMessage());
            }
        }

        private static Map<String, String> read(Path file, String display) throws ConfigException {
            return file.toString().endsWith(".csv") ? readCsv(file, display) : readYaml(file, display);
        }

        private static Map<String, String> readCsv(Path file, String display) throws ConfigException {
            CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                    .setIgnoreEmptyLines(true).get();
            Map<String, String> map = new HashMap<>();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                 var parser = format.parse(reader)) {
                if (parser.getHeaderNames().size() < 2) {
                    throw new ConfigException(new ConfigProblem(display, 1, "",
                            "needs a header row with at least two columns: key,value"));
                }
                for (CSVRecord row : parser) {
                    int line = (int) parser.getCurrentLineNumber();
                    if (row.size() < 2) {
                        throw new ConfigException(new ConfigProblem(display, line, "",
                                "row has " + row.size() + " column(s); each row needs a key and a value"));
                    }
                    if (map.putIfAbsent(row.get(0), row.get(1)) != null) {
                        // No key in the text: tables may map identifiers (PHI) and this text is logged on reload.
                        throw new ConfigException(new ConfigProblem(display, line, "",
                                "this row's key appears on an earlier row too; keep one"));
                    }
                }
            } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
                throw new ConfigException(new ConfigProblem(display, 0, "", "is not valid CSV: " + e.getMessage()));
            }
            return Map.copyOf(map);
        }

        /** Reads scalars as written ({@code 001} stays "001", {@code NO} stays "NO"), as channel files are read. */
        private static Map<String, String> readYaml(Path file, String display) throws ConfigException {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            Node root;
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                root = new Yaml(options).compose(reader);
            } catch (IOException | RuntimeException e) {
                throw new ConfigException(new ConfigProblem(display, 0, "", "is not valid YAML: " + e.getMessage()));
            }
            if (root == null) {
                return Map.of();
            }
            if (!(root instanceof MappingNode mapping)) {
                throw new ConfigException(new ConfigProblem(display, 1, "", "must be a mapping of keys to values"));
            }
            Map<String, String> map = new HashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                int line = tuple.getKeyNode().getStartMark() == null ? 0 : tuple.getKeyNode().getStartMark().getLine() + 1;
                if (!(tuple.getKeyNode() instanceof ScalarNode key) || !(tuple.getValueNode() instanceof ScalarNode value)) {
                    throw new ConfigException(new ConfigProblem(display, line, "", "each entry must map a single value to a single value"));
                }
                if (map.putIfAbsent(key.getValue(), value.getValue()) != null) {
                    throw new ConfigException(new ConfigProblem(display, line, "", "this key appears earlier too; keep one"));
                }
            }
            return Map.copyOf(map);
        }
    }
}
