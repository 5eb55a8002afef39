package io.conduit.bench.script;

import io.conduit.core.datatype.ParsedMessage;
import io.conduit.hl7v2.Hl7v2DataType;
import io.conduit.hl7v2.Hl7v2Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cold start of each engine: in a fresh JVM (one fork per sample), build the engine, compile the
 * {@link ScriptStepBenchmark#SCRIPT} step and run it on one message, then on 999 more — what a
 * channel's load and its first messages cost.
 *
 * <pre>
 *   java -jar conduit-bench/target/benchmarks.jar ScriptStartupBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(5)
public class ScriptStartupBenchmark {

    @Param({"rhino", "graaljs"})
    public String engine;

    @Param({"1", "1000"})
    public int messages;

    @Benchmark
    public ParsedMessage loadAndRun() throws Exception {
        Hl7v2DataType dataType = new Hl7v2DataType(Hl7v2Options.DEFAULTS);
        ParsedMessage message = dataType.parse(ScriptStepBenchmark.sample());
        ParsedMessage out = message;
        if (engine.equals("rhino")) {
            Path dir = Files.createTempDirectory("conduit-bench-script");
            RhinoStep step = new RhinoStep(ScriptStepBenchmark.SCRIPT, dataType, dir);
            for (int i = 0; i < messages; i++) {
                out = step.run(message);
            }
            Files.delete(dir);
        } else {
            try (GraalJsScript script = new GraalJsScript(ScriptStepBenchmark.SCRIPT)) {
                for (int i = 0; i < messages; i++) {
                    out = script.runInFreshContext(message);
                }
            }
        }
        return out;
    }
}
