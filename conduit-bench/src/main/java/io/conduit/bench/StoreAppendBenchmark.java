package io.conduit.bench;

import io.conduit.core.message.Message;
import io.conduit.core.message.MessageId;
import io.conduit.core.message.MessageIdGenerator;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.message.Metadata;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.StoreException;
import io.conduit.core.store.StoreWrite;
import io.conduit.store.jdbc.SqliteStoreFactory;
import io.conduit.store.jdbc.StoreStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Store append: what storing costs per message end to end. One operation is one message's whole
 * life in the store, as the engine writes it: {@code InsertMessage} + one {@code Enqueue} per
 * destination in one submission (store-then-ACK), then one {@code CompleteDelivery} submission per
 * destination (each destination's worker reports on its own). Each call waits for its commit, as
 * a source waits before acknowledging; 50 threads submit concurrently, so group commit decides
 * throughput. The database is a real SQLite file (WAL, synchronous=FULL) on the working disk.
 *
 * <p>JMH run (score = messages/s):
 * <pre>
 *   java -jar conduit-bench/target/benchmarks.jar StoreAppendBenchmark
 * </pre>
 * Quick run without JMH (prints messages/s, writes/s and commits; optional duration in seconds,
 * database directory, a third argument that is ignored (it once switched on searches, which
 * {@link io.conduit.bench.search.SearchBenchmark} now times), and the number of concurrent
 * submitters, 50 by default):
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp conduit-bench/target/benchmarks.jar \
 *       io.conduit.bench.StoreAppendBenchmark 20 /var/tmp/conduit-bench - 50
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class StoreAppendBenchmark {

    /** Destinations each message is queued for. */
    @Param({"1", "2"})
    public int destinations;

    private Path dir;
    private MessageStore store;
    private final MessageIdGenerator ids = new MessageIdGenerator(InstantSource.system());

    @Setup(Level.Trial)
    public void open() throws IOException, StoreException {
        dir = Files.createTempDirectory(Path.of(System.getProperty("user.dir")), "store-bench-");
        store = new SqliteStoreFactory().open(SqliteStoreFactory.Settings.defaults(dir.resolve("bench.db")));
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        StoreStats.of(store).ifPresent(s -> System.out.printf("%n%s, %.1f submissions per commit%n", s, s.averageBatch()));
        deleteTree(dir);
    }

    @Benchmark
    @Threads(50)
    public void storeReceiveAndDeliver() throws StoreException {
        storeOneMessage(store, ids, destinations);
    }

    /** One message's writes: receive (insert + enqueue), then each destination's completion. */
    static int storeOneMessage(MessageStore store, MessageIdGenerator ids, int destinations) throws StoreException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Message m = message(ids.next(), "CTRL" + random.nextLong(1_000_000_000L), "PAT" + random.nextInt(200_000));
        List<StoreWrite> receive = new ArrayList<>(1 + destinations);
        receive.add(new StoreWrite.InsertMessage(m, MessageStatus.RECEIVED, null));
        for (int d = 0; d < destinations; d++) {
            receive.add(new StoreWrite.Enqueue(m.id(), m.channel(), "dest" + d, null));
        }
        store.write(receive);
        for (int d = 0; d < destinations; d++) {
            store.write(List.of(new StoreWrite.CompleteDelivery(m.id(), "dest" + d, MessageStatus.SENT, 1, "AA",
                    ACK, Instant.now())));
        }
        return 1 + 2 * destinations;
    }

    private static final byte[] ACK = "MSH|^~\\&|EHR|HOSP|LAB|HOSP|20260301120000||ACK^A01|ACK1|P|2.5\rMSA|AA|1\r"
            .getBytes(StandardCharsets.US_ASCII);

    /** A typical ~1 KB ADT^A01 with the metadata an HL7 data type would extract. */
    static Message message(MessageId id, String controlId, String patientId) {
        String text = "MSH|^~\\&|ADMIT|GENERAL HOSPITAL|EHR|GENERAL HOSPITAL|20260301120000||ADT^A01^ADT_A01|" + controlId
                + "|P|2.5.1\rEVN|A01|20260301120000\rPID|1||" + patientId + "^^^GH^MR||DOE^JANE^Q||19800101|F|||"
                + "123 MAIN ST^^SPRINGFIELD^IL^62701^USA||(217)555-0100|||S||ACC" + controlId + "|123-45-6789\r"
                + "NK1|1|DOE^JOHN|SPO|123 MAIN ST^^SPRINGFIELD^IL^62701^USA|(217)555-0101\r"
                + "PV1|1|I|3N^301^A^GENERAL HOSPITAL||||1234^SMITH^ALAN^^^DR|||MED||||1|||1234^SMITH^ALAN^^^DR|IN||||||||"
                + "||||||||||||||||||20260301120000\rPV2|||^CHEST PAIN\rAL1|1|DA|^PENICILLIN|MO|RASH\r"
                + "DG1|1||R07.9^CHEST PAIN, UNSPECIFIED^I10|||A\rIN1|1|BCBS01|12345|BLUE CROSS|PO BOX 1^^CHICAGO^IL^60601"
                + "||||GRP100|||||||DOE^JANE^Q|SEL|19800101\r";
        Metadata metadata = Metadata.builder().put(Metadata.MESSAGE_TYPE, "ADT^A01").put(Metadata.CONTROL_ID, controlId)
                .put(Metadata.PATIENT_ID, patientId).put(Metadata.SENDING_APPLICATION, "ADMIT")
                .put(Metadata.SENDING_FACILITY, "GENERAL HOSPITAL").put(Metadata.VERSION, "2.5.1").build();
        return new Message(id, "adt-in", Instant.now(), text.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII,
                "hl7v2", metadata, "mllp://127.0.0.1:50000");
    }

    /** The quick run: see the class Javadoc. */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path base = args.length > 1 ? Path.of(args[1]) : Path.of(System.getProperty("java.io.tmpdir"));
        int submitters = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        Files.createDirectories(base);
        for (int destinations : new int[] {1, 2}) {
            Path dir = Files.createTempDirectory(base, "store-bench-");
            try {
                runLoad(dir, destinations, submitters, seconds);
            } finally {
                deleteTree(dir);
            }
        }
    }

    private static void runLoad(Path dir, int destinations, int submitters, int seconds) throws Exception {
        MessageIdGenerator ids = new MessageIdGenerator(InstantSource.system());
        LongAdder messages = new LongAdder();
        LongAdder writes = new LongAdder();
        AtomicBoolean running = new AtomicBoolean(true);
        try (MessageStore store = new SqliteStoreFactory().open(SqliteStoreFactory.Settings.defaults(dir.resolve("bench.db")))) {
            long start;
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                start = System.nanoTime();
                for (int i = 0; i < submitters; i++) {
                    threads.submit(() -> {
                        while (running.get()) {
                            writes.add(storeOneMessage(store, ids, destinations));
                            messages.increment();
                        }
                        return null;
                    });
                }
                Thread.sleep(seconds * 1000L);
                running.set(false);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            StoreStats stats = StoreStats.of(store).orElseThrow();
            System.out.printf("destinations=%d submitters=%d: %.0f messages/s, %.0f writes/s, %.0f commits/s,"
                            + " %.1f submissions per commit (largest %d), %d failed%n",
                    destinations, submitters, messages.sum() / elapsed, writes.sum() / elapsed, stats.commits() / elapsed,
                    stats.averageBatch(), stats.largestBatch(), stats.failedSubmissions());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
