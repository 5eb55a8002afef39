package io.conduit.bench.script;

import io.conduit.core.datatype.ParsedMessage;
import io.conduit.hl7v2.Hl7v2DataType;
import io.conduit.hl7v2.Hl7v2Options;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A small script step — five field assignments on the ~1.9 KB HL7 v2 ADT^A01 — per message, on
 * each candidate engine, against the same five assignments written in Java. Target: under 50 µs
 * per message. Run it with several threads ({@code -t 2}) too: steps serve many threads at once.
 *
 * <ul>
 *   <li>{@code java} — the five {@code ParsedMessage.with} calls: the floor any engine adds to.</li>
 *   <li>{@code rhino} — the shipped {@code type: script} step (conduit-script): Rhino 1.9, compiled
 *       to bytecode, fresh scope per message, time limit and sandbox on.</li>
 *   <li>{@code graaljs-fresh-context} — GraalJS 25 (community), one engine, a new sandboxed context
 *       per message: the same isolation as the Rhino step.</li>
 *   <li>{@code graaljs-shared-context} — GraalJS with one context per thread kept for every message:
 *       cheaper, but globals leak between messages.</li>
 * </ul>
 *
 * <p>Run (average time per message, µs):
 * <pre>
 *   ./mvnw -q -B package -pl conduit-bench -am -DskipTests
 *   java -jar conduit-bench/target/benchmarks.jar ScriptStepBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s
 *   java -jar conduit-bench/target/benchmarks.jar ScriptStepBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -t 2
 * </pre>
 * With the Graal compiler as JIT on this stock JDK (GraalJS otherwise only interprets), add
 * {@code -jvmArgsAppend "-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=..."}
 * with the {@code org.graalvm.compiler:compiler} jar and its dependencies (see README).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScriptStepBenchmark {

    static final String SAMPLE = "/messages/hl7v2-adt-a01-2k.hl7";

    /** Five assignments: two constants, two values read and changed, one lookup-like mapping. */
    static final String SCRIPT = """
            msg.set('MSH-5', 'LIS');
            msg.set('MSH-6', 'CENTRAL LAB');
            msg.set('PID-5.1', msg.get('PID-5.1').toUpperCase());
            msg.set('PID-8', msg.get('PID-8') === 'F' ? 'female' : 'male');
            msg.set('PV1-3.1', 'W-' + msg.get('PV1-3.1'));
            """;

    @Param({"java", "rhino", "graaljs-fresh-context", "graaljs-shared-context"})
    public String engine;

    private ParsedMessage message;
    private RhinoStep rhino;
    private GraalJsScript graal;
    private Path configDirectory;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Hl7v2DataType dataType = new Hl7v2DataType(Hl7v2Options.DEFAULTS);
        message = dataType.parse(sample());
        configDirectory = Files.createTempDirectory("conduit-bench-script");
        switch (engine) {
            case "java" -> { }
            case "rhino" -> rhino = new RhinoStep(SCRIPT, dataType, configDirectory);
            case "graaljs-fresh-context", "graaljs-shared-context" -> graal = new GraalJsScript(SCRIPT);
            default -> throw new IllegalArgumentException("unknown engine " + engine);
        }
        check(run());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (graal != null) {
            graal.close();
        }
        Files.deleteIfExists(configDirectory);
    }

    @Benchmark
    public ParsedMessage fiveAssignments() throws Exception {
        return run();
    }

    private ParsedMessage run() throws Exception {
        return switch (engine) {
            case "java" -> java(message);
            case "rhino" -> rhino.run(message);
            case "graaljs-fresh-context" -> graal.runInFreshContext(message);
            default -> graal.runInSharedContext(message);
        };
    }

    /** The baseline: what the script does, in Java. */
    static ParsedMessage java(ParsedMessage m) {
        ParsedMessage out = m.with("MSH-5", "LIS").with("MSH-6", "CENTRAL LAB");
        out = out.with("PID-5.1", out.get("PID-5.1").orElse("").toUpperCase(java.util.Locale.ROOT));
        out = out.with("PID-8", "F".equals(out.get("PID-8").orElse(null)) ? "female" : "male");
        return out.with("PV1-3.1", "W-" + out.get("PV1-3.1").orElse(""));
    }

    /** Every engine must produce the same message as the Java baseline. */
    private void check(ParsedMessage out) {
        ParsedMessage expected = java(message);
        for (String path : java.util.List.of("MSH-5", "MSH-6", "PID-5.1", "PID-8", "PV1-3.1")) {
            if (!expected.get(path).equals(out.get(path))) {
                throw new IllegalStateException(engine + " gives " + path + " = " + out.get(path) + ", the Java baseline "
                        + expected.get(path));
            }
        }
    }

    static byte[] sample() throws IOException {
        try (InputStream in = ScriptStepBenchmark.class.getResourceAsStream(SAMPLE)) {
            if (in == null) {
                throw new IOException("benchmark sample " + SAMPLE + " is missing from the jar");
            }
            return in.readAllBytes();
        }
    }
}
