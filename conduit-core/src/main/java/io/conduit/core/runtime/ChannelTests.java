package io.conduit.core.runtime;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.DataType;
import io.conduit.core.datatype.MessageFormatException;
import io.conduit.core.datatype.ParsedMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Runs the test cases kept next to channel files ({@code conduit test}). Layout:
 * <pre>
 * channels/adt-inbound.yaml
 * channels/adt-inbound.tests/
 *   a01-basic/
 *     input.hl7                  # the message as a sender would send it
 *     expected/archive.hl7       # what destination 'archive' must send, compared field by field
 *     expect.yaml                # optional: {destinations: {ehr: filtered}, source: accepted, ignore: [MSH-7]}
 * </pre>
 * Every destination needs an expectation: an {@code expected/NAME.*} file, or in
 * {@code expect.yaml} one of {@code sent} (any output), {@code filtered} or {@code errored}.
 * {@code source:} may expect {@code accepted} (the default), {@code filtered}, {@code errored} or
 * {@code rejected} (the data type refused it). {@code ignore:} lists paths blanked on both sides
 * before comparing (values that change per run).
 *
 * <p>The channel's real pipeline runs (data type, splitter, filters, transformers, router); nothing
 * is stored, no source listens and no destination sends: their output is captured.
 */
public final class ChannelTests {

    /** Suffix of the folder that holds a channel's test cases, next to the channel file. */
    public static final String FOLDER_SUFFIX = ".tests";

    /** One test case's verdict: passed when {@code problems} is empty. */
    public record CaseResult(String channel, String name, List<String> problems) {
        public boolean passed() {
            return problems.isEmpty();
        }
    }

    private enum Outcome { SENT, FILTERED, ERRORED, REJECTED, ACCEPTED }

    private final ConfigDirectory config;
    private final List<ChannelPlan> plans;

    private ChannelTests(ConfigDirectory config, List<ChannelPlan> plans) {
        this.config = config;
        this.plans = plans;
    }

    /**
     * Loads every channel of a config directory (nothing starts, nothing is opened).
     *
     * @throws ConfigException listing every configuration problem
     */
    public static ChannelTests load(ConfigDirectory config) throws ConfigException {
        return new ChannelTests(config, config.channels(config.server().dataDirectory(), new ChannelDirectory()));
    }

    /** Runs every case (of {@code channel} only, when given), reporting each as it finishes. */
    public List<CaseResult> run(Optional<String> channel, Consumer<CaseResult> progress) {
        List<CaseResult> results = new ArrayList<>();
        for (ChannelPlan plan : plans) {
            if (channel.isPresent() && !channel.get().equals(plan.name())) {
                continue;
            }
            Path folder = config.path().resolve(plan.file().replaceFirst("\\.ya?ml$", "") + FOLDER_SUFFIX);
            for (Path caseDir : cases(folder)) {
                CaseResult r = new CaseResult(plan.name(), caseDir.getFileName().toString(), runCase(plan, caseDir));
                results.add(r);
                progress.accept(r);
            }
        }
        return results;
    }

    /** The channels loaded, for "no tests found" hints. */
    public List<String> channels() {
        return plans.stream().map(ChannelPlan::name).toList();
    }

    private static List<Path> cases(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private List<String> runCase(ChannelPlan plan, Path caseDir) {
        List<String> problems = new ArrayList<>();
        try {
            Expectations expect = Expectations.read(caseDir, plan, problems);
            if (!problems.isEmpty()) {
                return problems;
            }
            Actual actual = process(plan, Files.readAllBytes(expect.input()));
            if (expect.source() != actual.source) {
                problems.add("source: expected " + name(expect.source()) + ", got " + name(actual.source)
                        + (actual.reason == null ? "" : " (" + actual.reason + ")"));
                return problems;
            }
            if (actual.source != Outcome.ACCEPTED) {
                return problems;
            }
            for (ChannelPlan.DestinationPlan d : plan.destinations()) {
                // Compared in the format the destination sends, which a template may have changed.
                String format = actual.formats.getOrDefault(d.name(), plan.dataType().name());
                DataType dataType = format.equals(plan.dataType().name()) ? plan.dataType()
                        : config.defaultDataType(format).orElse(plan.dataType());
                compare(dataType, d.name(), expect, actual, problems);
            }
        } catch (IOException e) {
            problems.add("cannot read the test case: " + e.getMessage());
        } catch (ConfigException e) {
            problems.addAll(e.problems().stream().map(Object::toString).toList());
        }
        return problems;
    }

    private static void compare(DataType dataType, String destination, Expectations expect, Actual actual,
                                List<String> problems) throws IOException {
        Outcome got = actual.outcome(destination);
        Path expectedFile = expect.files().get(destination);
        Outcome wanted = expectedFile != null ? Outcome.SENT : expect.destinations().get(destination);
        if (wanted != got) {
            problems.add("destination " + destination + ": expected " + name(wanted) + ", got " + name(got)
                    + (got == Outcome.ERRORED && actual.reason != null ? " (" + actual.reason + ")" : ""));
            return;
        }
        if (expectedFile == null) {
            return;
        }
        byte[] want = blank(dataType, Files.readAllBytes(expectedFile), expect.ignore());
        byte[] have = blank(dataType, actual.output(destination), expect.ignore());
        for (String difference : dataType.differences(want, have)) {
            problems.add("destination " + destination + ": " + difference);
        }
    }

    /** Blanks the ignored paths in every message of {@code content}. */
    private static byte[] blank(DataType dataType, byte[] content, List<String> ignore) {
        if (ignore.isEmpty()) {
            return content;
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] part : dataType.split(content)) {
                ParsedMessage m = dataType.parse(part);
                for (String path : ignore) {
                    for (String concrete : m.paths(path)) {
                        m = m.with(concrete, "");
                    }
                }
                out.writeBytes(m.bytes());
            }
            return out.toByteArray();
        } catch (MessageFormatException | RuntimeException e) {
            return content;
        }
    }

    private static String name(@Nullable Outcome o) {
        return o == null ? "no expectation (add expected/NAME.* or an entry in expect.yaml)" : o.name().toLowerCase();
    }

    /** What the channel did with the test input. */
    private static final class Actual {
        Outcome source = Outcome.ACCEPTED;
        @Nullable String reason;
        final Map<String, ByteArrayOutputStream> outputs = new LinkedHashMap<>();
        final Map<String, Outcome> outcomes = new LinkedHashMap<>();
        final Map<String, String> formats = new LinkedHashMap<>();

        boolean destinationFailed;

        Outcome outcome(String destination) {
            if (destinationFailed || source == Outcome.ERRORED || source == Outcome.REJECTED) {
                return Outcome.ERRORED;
            }
            return outcomes.getOrDefault(destination, Outcome.FILTERED);
        }

        byte[] output(String destination) {
            ByteArrayOutputStream out = outputs.get(destination);
            return out == null ? new byte[0] : out.toByteArray();
        }
    }

    private static Actual process(ChannelPlan plan, byte[] input) {
        Actual actual = new Actual();
        ParsedMessage parsed;
        try {
            parsed = plan.dataType().parse(input);
        } catch (MessageFormatException e) {
            actual.source = Outcome.REJECTED;
            actual.reason = e.describe();
            return actual;
        }
        Pipeline pipeline = plan.pipeline();
        List<ParsedMessage> parts;
        try {
            parts = pipeline.split(parsed);
        } catch (io.conduit.core.pipeline.StepException e) {
            actual.source = Outcome.ERRORED;
            actual.reason = e.getMessage();
            return actual;
        }
        boolean allFilteredAtSource = true;
        for (ParsedMessage part : parts) {
            Pipeline.Result result = pipeline.run(part);
            if (result instanceof Pipeline.Failed f) {
                // A destination's step failing errors the whole message (nothing is queued), so every
                // destination reports ERRORED; a source-side failure is the source's outcome.
                actual.reason = f.reason();
                if (f.destination().isEmpty()) {
                    actual.source = Outcome.ERRORED;
                } else {
                    actual.destinationFailed = true;
                }
                return actual;
            }
            if (result instanceof Pipeline.Routed r) {
                allFilteredAtSource = false;
                for (Pipeline.DestinationOutcome d : r.destinations()) {
                    if (d.output() != null) {
                        actual.outcomes.put(d.destination(), Outcome.SENT);
                        actual.formats.put(d.destination(), d.output().dataType());
                        actual.outputs.computeIfAbsent(d.destination(), k -> new ByteArrayOutputStream()).writeBytes(d.output().bytes());
                    }
                }
            }
        }
        if (allFilteredAtSource) {
            actual.source = Outcome.FILTERED;
        }
        return actual;
    }

    /** A case's input and what it expects. */
    private record Expectations(Path input, Outcome source, Map<String, Path> files, Map<String, Outcome> destinations,
                                List<String> ignore) {

        static Expectations read(Path caseDir, ChannelPlan plan, List<String> problems) throws IOException, ConfigException {
            List<Path> inputs;
            try (Stream<Path> list = Files.list(caseDir)) {
                inputs = list.filter(p -> p.getFileName().toString().startsWith("input.")).toList();
            }
            if (inputs.size() != 1) {
                problems.add("needs exactly one input file (input.hl7, input.json …), found " + inputs.size());
                return new Expectations(caseDir, Outcome.ACCEPTED, Map.of(), Map.of(), List.of());
            }
            Map<String, Path> files = new LinkedHashMap<>();
            Path expectedDir = caseDir.resolve("expected");
            if (Files.isDirectory(expectedDir)) {
                try (Stream<Path> list = Files.list(expectedDir)) {
                    for (Path f : list.sorted().toList()) {
                        files.put(f.getFileName().toString().replaceFirst("\\.[^.]*$", ""), f);
                    }
                }
            }
            Outcome source = Outcome.ACCEPTED;
            Map<String, Outcome> destinations = new LinkedHashMap<>();
            List<String> ignore = List.of();
            Path expectFile = caseDir.resolve("expect.yaml");
            String display = ConfigDirectory.CHANNELS_DIR + "/" + caseDir.getParent().getFileName() + "/" + caseDir.getFileName()
                    + "/expect.yaml";
            if (Files.exists(expectFile)) {
                ConfigNode node = ConfigNode.load(expectFile, display, k -> null);
                source = outcome(node, "source", node.string("source", "accepted"), List.of("accepted", "filtered", "errored", "rejected"));
                for (Map.Entry<String, String> e : node.stringMap("destinations").entrySet()) {
                    destinations.put(e.getKey(), outcome(node, "destinations." + e.getKey(), e.getValue(),
                            List.of("sent", "filtered", "errored")));
                }
                ignore = node.strings("ignore");
                node.finish();
            }
            List<String> names = plan.destinations().stream().map(ChannelPlan.DestinationPlan::name).toList();
            for (String name : files.keySet()) {
                if (!names.contains(name)) {
                    problems.add("expected/" + files.get(name).getFileName() + ": the channel has no destination '" + name
                            + "'; it has " + names);
                }
            }
            for (String name : destinations.keySet()) {
                if (!names.contains(name)) {
                    problems.add("expect.yaml: the channel has no destination '" + name + "'; it has " + names);
                }
                if (files.containsKey(name)) {
                    problems.add("destination " + name + " has both an expected file and an expect.yaml entry; keep one");
                }
            }
            if (source == Outcome.ACCEPTED) {
                for (String name : names) {
                    if (!files.containsKey(name) && !destinations.containsKey(name)) {
                        problems.add("destination " + name + ": no expectation (add expected/" + name
                                + ".* or '" + name + ": sent|filtered|errored' under destinations in expect.yaml)");
                    }
                }
            }
            return new Expectations(inputs.getFirst(), source, files, destinations, ignore);
        }

        private static Outcome outcome(ConfigNode node, String field, String value, List<String> allowed) throws ConfigException {
            if (!allowed.contains(value)) {
                throw node.error(field.contains(".") ? "destinations" : field, "'" + value + "' is not one of " + allowed);
            }
            return Outcome.valueOf(value.toUpperCase());
        }
    }
}
