package io.conduit.bench;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import io.conduit.core.datatype.MessageFormatException;
import io.conduit.core.datatype.ReceiveResult;
import io.conduit.core.message.MessageId;
import io.conduit.core.message.Metadata;
import io.conduit.hl7v2.Hl7v2DataType;
import io.conduit.hl7v2.Hl7v2Options;
import io.conduit.hl7v2.parse.Hl7Message;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * HL7 v2 codec hot paths, Conduit's lean {@link Hl7Message} against HAPI 2.6 on the same ~1.9 KB
 * ADT^A01 (v2.5.1, with a Z-segment) in the same run. HAPI's {@code PipeParser} is the baseline the
 * lean parser replaced (see {@code io.conduit.hl7v2.parse} package-info); the target is parse +
 * metadata at least ten times faster than {@code hapiParse}.
 *
 * <ul>
 *   <li>{@code conduitParseAndMetadata} — bytes → message → all routing metadata (what every
 *       received message costs) vs {@code hapiParse} (default HAPI context, as most integrations
 *       use it) and {@code hapiParseNoValidation} (HAPI's fastest configuration).</li>
 *   <li>{@code conduitGet} / {@code hapiTerserGet} — one component of a parsed message.</li>
 *   <li>{@code conduitSet} / {@code hapiTerserSet} — set one subcomponent (ours returns a copy; HAPI
 *       mutates in place).</li>
 *   <li>{@code conduitSerializeUnmodified}, {@code conduitSerializeModified} / {@code hapiEncode}.</li>
 *   <li>{@code conduitAck} / {@code hapiGenerateAck} — ACK bytes for an accepted message.</li>
 * </ul>
 *
 * <p>Run (average time per operation, µs):
 * <pre>
 *   ./mvnw -q -B package -pl conduit-bench -am -DskipTests
 *   java -jar conduit-bench/target/benchmarks.jar Hl7CodecBenchmark
 *   java -jar conduit-bench/target/benchmarks.jar Hl7CodecBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s   # quick
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Hl7CodecBenchmark {

    static final String SAMPLE = "/messages/hl7v2-adt-a01-2k.hl7";

    private byte[] raw;
    private String text;
    private Hl7v2DataType dataType;
    private Hl7Message parsed;
    private Hl7Message modified;
    private ReceiveResult accepted;

    private HapiContext hapiContext;
    private HapiContext hapiNoValidationContext;
    private PipeParser hapiParser;
    private PipeParser hapiNoValidationParser;
    private Message hapiMessage;
    private Terser hapiTerser;

    @Setup
    public void setUp() throws IOException, MessageFormatException, HL7Exception {
        try (InputStream in = Hl7CodecBenchmark.class.getResourceAsStream(SAMPLE)) {
            if (in == null) {
                throw new IOException("benchmark sample " + SAMPLE + " is missing from the jar");
            }
            raw = in.readAllBytes();
        }
        text = new String(raw, StandardCharsets.ISO_8859_1);
        dataType = new Hl7v2DataType(Hl7v2Options.DEFAULTS);
        parsed = dataType.parse(raw);
        modified = parsed.with("PID-5.1.1", "NEWNAME");
        accepted = new ReceiveResult.Accepted(new MessageId(1), parsed, false);

        hapiContext = new DefaultHapiContext();
        // HAPI's default id generator (used by generateACK) writes an id_file in the working directory.
        hapiContext.getParserConfiguration().setIdGenerator(new ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator());
        hapiParser = hapiContext.getPipeParser();
        hapiNoValidationContext = new DefaultHapiContext();
        hapiNoValidationContext.setValidationContext(ValidationContextFactory.noValidation());
        hapiNoValidationParser = hapiNoValidationContext.getPipeParser();
        hapiMessage = hapiParser.parse(text);
        hapiTerser = new Terser(hapiMessage);
        checkSameMessage();
    }

    /** Guards the comparison: both libraries must read the same values from the sample. */
    private void checkSameMessage() throws HL7Exception {
        String ours = parsed.get("PID-5.1.1").orElse("");
        String theirs = hapiTerser.get("/.PID-5-1-1");
        if (!ours.equals(theirs) || !"ADT^A01".equals(parsed.metadata().getOrNull(Metadata.MESSAGE_TYPE))) {
            throw new IllegalStateException("Conduit and HAPI disagree on the benchmark sample");
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        hapiContext.close();
        hapiNoValidationContext.close();
    }

    // ---- parse ---------------------------------------------------------------------------------

    @Benchmark
    public Metadata conduitParseAndMetadata() throws MessageFormatException {
        return dataType.parse(raw).metadata();
    }

    @Benchmark
    public Message hapiParse() throws HL7Exception {
        return hapiParser.parse(new String(raw, StandardCharsets.ISO_8859_1));
    }

    @Benchmark
    public Message hapiParseNoValidation() throws HL7Exception {
        return hapiNoValidationParser.parse(new String(raw, StandardCharsets.ISO_8859_1));
    }

    // ---- path get / set ------------------------------------------------------------------------

    @Benchmark
    public Optional<String> conduitGet() {
        return parsed.get("PID-3[2].1");
    }

    @Benchmark
    public String hapiTerserGet() throws HL7Exception {
        return hapiTerser.get("/.PID-3(1)-1");
    }

    @Benchmark
    public Hl7Message conduitSet() {
        return parsed.with("PID-5.1.1", "NEWNAME");
    }

    @Benchmark
    public Terser hapiTerserSet() throws HL7Exception {
        hapiTerser.set("/.PID-5-1-1", "NEWNAME");
        return hapiTerser;
    }

    // ---- serialize -----------------------------------------------------------------------------

    @Benchmark
    public byte[] conduitSerializeUnmodified() {
        return parsed.bytes();
    }

    @Benchmark
    public byte[] conduitSerializeModified() {
        return modified.bytes();
    }

    @Benchmark
    public byte[] hapiEncode() throws HL7Exception {
        return hapiParser.encode(hapiMessage).getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---- acknowledgments -----------------------------------------------------------------------

    @Benchmark
    public Optional<byte[]> conduitAck() {
        return dataType.response(raw, accepted);
    }

    @Benchmark
    public byte[] hapiGenerateAck() throws HL7Exception, IOException {
        return hapiParser.encode(hapiMessage.generateACK()).getBytes(StandardCharsets.ISO_8859_1);
    }
}
