package io.conduit.bench;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.DataType;
import io.conduit.core.datatype.MessageFormatException;
import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.pipeline.LookupTables;
import io.conduit.core.pipeline.NamedStep;
import io.conduit.core.pipeline.PipelineBuilder;
import io.conduit.core.pipeline.StepException;
import io.conduit.core.pipeline.StepFactory;
import io.conduit.hl7v2.Hl7v2DataType;
import io.conduit.hl7v2.Hl7v2Options;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-message cost of declarative transformer steps on the ~1.9 KB ADT^A01 of
 * {@link Hl7CodecBenchmark}: {@code noSteps} (a no-op channel: the message passes through an empty
 * step list) against {@code tenStepMapping}, ten typical steps (set, copy, map, upper, trim,
 * formatDate, replace, delete, a conditional set and a wildcard set), built exactly as a channel
 * file builds them. Target: {@code tenStepMapping} under 10 µs on average.
 *
 * <pre>
 *   ./mvnw -q -B package -pl conduit-bench -am -DskipTests
 *   java -jar conduit-bench/target/benchmarks.jar TransformBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TransformBenchmark {

    public static final String TEN_STEPS = """
            transformers:
              - {type: set, path: MSH-5, value: DOWNSTREAM}
              - {type: copy, from: "PID-3[1].1", to: PID-2}
              - {type: map, path: PID-8, values: {F: female, M: male, U: unknown}}
              - {type: upper, path: PID-5.2}
              - {type: trim, path: PID-5.1}
              - {type: formatDate, path: PID-7, from: hl7, to: yyyy-MM-dd}
              - {type: replace, path: PID-13.6, pattern: "[^0-9]", with: ""}
              - {type: delete, path: PID-19}
              - {type: set, path: PV1-3.4, value: GH, when: {path: PV1-2, equals: I}}
              - {type: set, path: "OBX[*]-11", value: C}
            """;

    private ParsedMessage message;
    private List<NamedStep> none;
    private List<NamedStep> ten;

    @Setup
    public void setUp() throws IOException, MessageFormatException, ConfigException {
        byte[] raw;
        try (InputStream in = TransformBenchmark.class.getResourceAsStream(Hl7CodecBenchmark.SAMPLE)) {
            if (in == null) {
                throw new IOException("benchmark sample missing from the jar");
            }
            raw = in.readAllBytes();
        }
        DataType hl7 = new Hl7v2DataType(Hl7v2Options.DEFAULTS);
        message = hl7.parse(raw);
        PipelineBuilder builder = builder(hl7);
        none = List.of();
        ten = builder.namedSteps(ConfigNode.parse(TEN_STEPS, "bench.yaml", k -> null).objects("transformers"));
        if (ten.size() != 10) {
            throw new IllegalStateException("expected 10 steps");
        }
    }

    /** Builds steps the way a channel file does, with every registered step type. */
    static PipelineBuilder builder(DataType dataType) {
        return new PipelineBuilder("bench", dataType, LookupTables.none(), Path.of("."), new PipelineBuilder.Registry() {
            @Override
            public StepFactory step(ConfigNode node, String type) throws ConfigException {
                for (StepFactory f : ServiceLoader.load(StepFactory.class)) {
                    if (f.type().equals(type)) {
                        return f;
                    }
                }
                throw node.error("type", "unknown step type " + type);
            }

            @Override
            public DataType dataType(ConfigNode node, String key, String type) {
                return dataType;
            }
        });
    }

    @Benchmark
    public ParsedMessage noSteps() throws StepException {
        return NamedStep.runAll(none, message);
    }

    @Benchmark
    public ParsedMessage tenStepMapping() throws StepException {
        return NamedStep.runAll(ten, message);
    }

    /** The serialized result too: what a channel stores for the TRANSFORMED stage. */
    @Benchmark
    public byte[] tenStepMappingAndBytes() throws StepException {
        return NamedStep.runAll(ten, message).bytes();
    }
}
