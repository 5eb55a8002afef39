package io.conduit.script;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.DataType;
import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.pipeline.Condition;
import io.conduit.core.pipeline.LookupTables;
import io.conduit.core.pipeline.StepContext;
import io.conduit.core.pipeline.Transformer;
import io.conduit.hl7v2.Hl7v2DataType;
import io.conduit.hl7v2.Hl7v2Options;
import io.conduit.hl7v2.parse.Hl7Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds script steps the way a channel file does, in a config directory of the test's own, and
 * hands out real HL7 v2 messages.
 */
final class Fixture implements StepContext {

    /** Values of the sample ADT^A01 that tests check never leak into errors or logs. */
    static final List<String> PHI = List.of("EVERYWOMAN", "4567890", "19620320", "GREENSBORO", "123-45-6789");

    private final Path configDirectory;
    private final LookupTables lookups;

    Fixture(Path configDirectory) {
        this(configDirectory, new MapLookupTables(Map.of("sex", Map.of("F", "female", "M", "male"))));
    }

    Fixture(Path configDirectory, LookupTables lookups) {
        this.configDirectory = configDirectory;
        this.lookups = lookups;
    }

    /** The sample ADT^A01 (v2.5.1): PID-5.1 EVERYWOMAN, PID-8 F, two OBX, MSH-10 MSG00001-2024. */
    static ParsedMessage adt() {
        try (InputStream in = Fixture.class.getResourceAsStream("/messages/adt_a01_v251.hl7")) {
            return Hl7Message.parse(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A short ADT with the given patient id and name. */
    static ParsedMessage adt(String patientId, String family) throws Exception {
        String text = "MSH|^~\\&|APP|FAC|LAB|FAC|20240315083045||ADT^A01|CTRL-" + patientId + "|P|2.5.1\r"
                + "PID|1||" + patientId + "^^^FAC^MR||" + family + "^EVE||19620320|F\r";
        return Hl7Message.parse(text.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
    }

    /** YAML for a script step with {@code js} inline plus any {@code extra} lines (e.g. {@code timeout: 200ms}). */
    static String inline(String js, String... extra) {
        StringBuilder yaml = new StringBuilder("type: script\n");
        for (String line : extra) {
            yaml.append(line).append('\n');
        }
        yaml.append("script: |\n");
        for (String line : js.split("\n", -1)) {
            yaml.append("  ").append(line).append('\n');
        }
        return yaml.toString();
    }

    Transformer transformer(String yaml) throws ConfigException {
        return new ScriptStepFactory().transformer(node(yaml), this);
    }

    Condition condition(String yaml) throws ConfigException {
        return new ScriptStepFactory().condition(node(yaml), this);
    }

    /** Writes a file into the config directory. */
    Fixture write(String relative, String text) throws IOException {
        Path file = configDirectory.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return this;
    }

    /** The step as the first entry of a channel's {@code transformers:} list (line 2 of the file). */
    private static ConfigNode node(String yaml) throws ConfigException {
        String list = "transformers:\n- " + yaml.stripTrailing().replace("\n", "\n  ") + "\n";
        ConfigNode node = ConfigNode.parse(list, "channels/adt.yaml", name -> null).objects("transformers").getFirst();
        node.string("type"); // read by the channel loader, which hands the rest to the factory
        return node;
    }

    @Override
    public String channel() {
        return "adt-in";
    }

    @Override
    public DataType dataType() {
        return new Hl7v2DataType(Hl7v2Options.DEFAULTS);
    }

    /** Script steps keep the data type. No {@code @Override}: main's StepContext gains this method. */
    public void produces(DataType dataType) {
        throw new UnsupportedOperationException("script steps do not change the data type");
    }

    @Override
    public LookupTables lookups() {
        return lookups;
    }

    @Override
    public Path configDirectory() {
        return configDirectory;
    }

    @Override
    public DataType dataType(String name, ConfigNode at, String key) throws ConfigException {
        throw at.error(key, "no other data types in these tests");
    }

    @Override
    public Condition condition(ConfigNode node) throws ConfigException {
        throw node.error("no nested conditions in these tests");
    }

    @Override
    public Transformer steps(List<ConfigNode> nodes) {
        throw new UnsupportedOperationException("no nested steps in these tests");
    }

    /** Lookup tables held in maps. */
    record MapLookupTables(Map<String, Map<String, String>> tables) implements LookupTables {
        @Override
        public Set<String> names() {
            return tables.keySet();
        }

        @Override
        public Optional<String> lookup(String table, String key) {
            Map<String, String> entries = tables.get(table);
            if (entries == null) {
                throw new IllegalArgumentException("there is no lookup table '" + table + "'");
            }
            return Optional.ofNullable(entries.get(key));
        }
    }
}
