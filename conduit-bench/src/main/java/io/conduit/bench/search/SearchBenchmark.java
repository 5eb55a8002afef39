package io.conduit.bench.search;

import io.conduit.core.message.MessageId;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.message.Metadata;
import io.conduit.core.store.MessageQuery;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.MessageSummary;
import io.conduit.core.store.Page;
import io.conduit.core.store.StoreException;
import io.conduit.store.jdbc.SqliteStoreFactory;
import io.conduit.store.jdbc.StoreStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Message search over a large embedded store: fills a SQLite store with {@link SearchData}'s
 * messages through the real {@link MessageStore} SPI (schema, indexes, compression and group
 * commit as shipped), then times first pages of the searches an operator runs, each checked
 * against the hit count the data set predicts.
 *
 * <p>Each query kind runs with random parameters, round-robin with the other kinds: first
 * {@code --warmup} rounds untimed (JIT, prepared statements), then {@code --queries} timed rounds;
 * the report gives p50, p99 and max per kind. A timed call is one {@link MessageStore#search} from
 * the caller's side (read pool, JDBC, metadata decoding included). The database stays in the OS page
 * cache on a machine with enough memory, so these are warm-disk figures.
 *
 * <pre>
 * ./mvnw -q -B -pl conduit-bench -am package -DskipTests
 * java --enable-native-access=ALL-UNNAMED -cp conduit-bench/target/benchmarks.jar io.conduit.bench.search.SearchBenchmark \
 *      --messages 1000000 --db /var/tmp/conduit-search/search-1m.db
 * options: --channels 5  --patients 200000  --queries 200  --warmup 50  --limit 50
 *          --ingest 1000   (store that many messages/s meanwhile, in a channel no timed search reads)
 *          --seed N        (the queries' random parameters; a new seed each run by default)
 * </pre>
 * Without {@code --db} the store goes to a temporary directory, deleted at the end. With it, an
 * existing file is reused when it holds the same data set (filling a million takes minutes) and is
 * refused otherwise; a new one is filled and kept.
 */
public final class SearchBenchmark {

    /** The searches timed, in report order. */
    enum Kind {
        PATIENT("patientId"),
        CONTROL_ID("controlId"),
        PATIENT_AND_CHANNEL("patientId + channel"),
        CHANNEL_ERRORED("channel + status ERRORED"),
        CHANNEL("channel (newest page)"),
        ONE_HOUR("receivedAt in one hour"),
        TEXT_DAY("free text, no hit, last 24 h"),
        CHANNEL_PAGE_2("channel, 2nd page by cursor");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** Latencies of one kind, nanoseconds, sorted. */
    record Latency(long[] nanos) {

        double percentileMillis(double p) {
            int index = (int) Math.ceil(p / 100 * nanos.length) - 1;
            return nanos[Math.clamp(index, 0, nanos.length - 1)] / 1e6;
        }

        double maxMillis() {
            return nanos[nanos.length - 1] / 1e6;
        }
    }

    /** What one run measured. */
    record Result(long storedMessages, long earlierIngest, double fillSeconds, long databaseBytes, double ingestRate,
                  Map<Kind, Latency> latencies) {
    }

    private final SearchData data;
    private final SearchData.Expected expected;
    private final int limit;
    private final SplittableRandom random;

    private SearchBenchmark(SearchData data, int limit, long seed) {
        this.data = data;
        this.expected = data.expected();
        this.limit = limit;
        this.random = new SplittableRandom(seed);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        SearchData data = new SearchData(Integer.parseInt(opts.getOrDefault("messages", "1000000")),
                Integer.parseInt(opts.getOrDefault("channels", "5")), Integer.parseInt(opts.getOrDefault("patients", "200000")));
        int queries = Integer.parseInt(opts.getOrDefault("queries", "200"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "50"));
        int limit = Integer.parseInt(opts.getOrDefault("limit", "50"));
        int ingest = Integer.parseInt(opts.getOrDefault("ingest", "0"));
        // A new seed per run by default: a run repeating the last one's queries would find their pages cached.
        long seed = Long.parseLong(opts.getOrDefault("seed", Long.toString(System.nanoTime())));
        String db = opts.get("db");
        Path temp = db == null ? Files.createTempDirectory("conduit-search-") : null;
        try {
            Path file = db != null ? Path.of(db).toAbsolutePath() : temp.resolve("search.db");
            Result result = new SearchBenchmark(data, limit, seed).run(file, warmup, queries, ingest);
            print(data, result, queries, limit);
            System.out.printf("query seed %d (--seed repeats these queries)%n", seed);
        } finally {
            if (temp != null) {
                deleteTree(temp);
            }
        }
    }

    /** Fills {@code file} unless it already holds the data set, then times the searches. */
    Result run(Path file, int warmup, int queries, int ingestRate) throws Exception {
        double fillSeconds = Double.NaN;
        boolean reuse = Files.exists(file);
        if (!reuse) {
            try (MessageStore store = open(file)) {
                fillSeconds = fill(store);
            }
        }
        long databaseBytes = Files.size(file); // closed, so the log is checkpointed into the file
        try (MessageStore store = open(file)) {
            requireSameDataSet(store, file);
            long earlierIngest = nextIngest(store);
            if (reuse) {
                System.out.printf("reusing %s (%,d messages)%n", file, data.messages);
            }
            Map<Kind, List<Long>> timings = new EnumMap<>(Kind.class);
            double ingested;
            try (Ingest ingest = ingestRate > 0 ? new Ingest(store, data, ingestRate, earlierIngest) : null) {
                for (int round = 0; round < warmup + queries; round++) {
                    for (Kind kind : Kind.values()) {
                        long nanos = timeOne(store, kind);
                        if (round >= warmup) {
                            timings.computeIfAbsent(kind, k -> new ArrayList<>()).add(nanos);
                        }
                    }
                }
                ingested = ingest == null ? 0 : ingest.rate();
            }
            Map<Kind, Latency> latencies = new EnumMap<>(Kind.class);
            timings.forEach((kind, list) -> latencies.put(kind,
                    new Latency(list.stream().mapToLong(Long::longValue).sorted().toArray())));
            return new Result(data.messages, earlierIngest, fillSeconds, databaseBytes, ingested, latencies);
        }
    }

    private static MessageStore open(Path file) throws StoreException {
        return new SqliteStoreFactory().open(SqliteStoreFactory.Settings.defaults(file));
    }

    /** The next ingest message number: one past the newest an earlier run stored in this file. */
    private static long nextIngest(MessageStore store) throws StoreException {
        return store.search(MessageQuery.all(1).withChannel(SearchData.INGEST_CHANNEL)).items().stream()
                .map(m -> m.metadata().getOrNull(Metadata.CONTROL_ID))
                .mapToLong(control -> Long.parseLong(control.substring(SearchData.INGEST_PREFIX.length())) + 1)
                .findFirst().orElse(0);
    }

    /**
     * Stores {@code rate} messages per second on its own thread while the searches run, as a busy
     * engine would: the searches then share the disk, the two cores and the checkpointer with a
     * writer. Each burst waits for its commit before the next, as sources wait before they ACK.
     */
    private static final class Ingest implements AutoCloseable {

        private final Thread thread;
        private final long started = System.nanoTime();
        private volatile boolean running = true;
        private volatile long stored;
        private volatile @Nullable RuntimeException failure;

        Ingest(MessageStore store, SearchData data, int rate, long first) {
            thread = Thread.ofPlatform().name("conduit-search-bench-ingest").start(() -> {
                long k = first;
                long count = 0;
                try {
                    while (running) {
                        long due = (System.nanoTime() - started) * rate / 1_000_000_000L;
                        List<CompletableFuture<Void>> burst = new ArrayList<>();
                        for (; count + burst.size() < due; k++) {
                            burst.add(store.submit(data.ingestWrites(k)));
                        }
                        CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new)).join();
                        count += burst.size();
                        stored = count;
                        Thread.sleep(5);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    failure = e;
                }
            });
        }

        /** Messages per second stored so far. */
        double rate() {
            return stored / ((System.nanoTime() - started) / 1e9);
        }

        /** Stops the writes; fails when one of them failed, since the searches then ran beside less than asked. */
        @Override
        public void close() {
            running = false;
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            RuntimeException e = failure;
            if (e != null) {
                throw new IllegalStateException("the writes beside the searches failed after " + stored + " messages: " + e, e);
            }
        }
    }

    /** Stores every message, one submission each, many in flight so group commit batches them. */
    private double fill(MessageStore store) throws StoreException {
        long start = System.nanoTime();
        int chunk = 20_000;
        for (int from = 0; from < data.messages; from += chunk) {
            List<CompletableFuture<Void>> inFlight = new ArrayList<>(chunk);
            for (int i = from; i < Math.min(from + chunk, data.messages); i++) {
                inFlight.add(store.submit(data.writes(i)));
            }
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
            int done = Math.min(from + chunk, data.messages);
            if (done % 100_000 == 0 || done == data.messages) {
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("stored %,d messages in %.0f s (%,.0f msg/s)%n", done, seconds, done / seconds);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        StoreStats.of(store).ifPresent(s -> System.out.printf("fill: %,d commits, %.0f submissions per commit, %d failed%n",
                s.commits(), s.averageBatch(), s.failedSubmissions()));
        return seconds;
    }

    private void requireSameDataSet(MessageStore store, Path file) throws StoreException {
        Page<MessageSummary> last = store.search(MessageQuery.all(2).withControlId(SearchData.controlId(data.messages - 1)));
        Page<MessageSummary> beyond = store.search(MessageQuery.all(2).withControlId(SearchData.controlId(data.messages)));
        int i = data.messages - 1;
        if (last.items().size() != 1 || !beyond.items().isEmpty()
                || last.items().getFirst().receivedAt().toEpochMilli() != data.receivedMillis(i)
                || !last.items().getFirst().channel().equals(data.channel(i))
                || !SearchData.patientId(data.patient(i)).equals(last.items().getFirst().metadata().getOrNull(Metadata.PATIENT_ID))) {
            throw new IllegalStateException(file + " does not hold this data set of " + data.messages
                    + " messages: delete it, or pass the --messages, --channels and --patients it was filled with");
        }
    }

    /** Runs one random query of {@code kind}, checks its hits and returns its time in nanoseconds. */
    private long timeOne(MessageStore store, Kind kind) throws StoreException {
        MessageQuery page = MessageQuery.all(limit);
        int channel = random.nextInt(data.channels);
        String channelName = SearchData.channelName(channel);
        MessageQuery query;
        int want;
        switch (kind) {
            case PATIENT -> {
                int p = random.nextInt(data.patients);
                query = page.withPatientId(SearchData.patientId(p));
                want = expected.perPatient()[p];
            }
            case CONTROL_ID -> {
                query = page.withControlId(SearchData.controlId(random.nextInt(data.messages)));
                want = 1;
            }
            case PATIENT_AND_CHANNEL -> {
                int p = random.nextInt(data.patients);
                query = page.withPatientId(SearchData.patientId(p)).withChannel(channelName);
                want = expected.perPatientAndChannel()[p * data.channels + channel];
            }
            case CHANNEL_ERRORED -> {
                query = page.withChannel(channelName).withStatus(MessageStatus.ERRORED);
                want = expected.erroredPerChannel()[channel];
            }
            case CHANNEL -> {
                query = page.withChannel(channelName);
                want = expected.perChannel()[channel];
            }
            case ONE_HOUR -> {
                long hour = Duration.ofHours(1).toMillis();
                long from = data.start().toEpochMilli() + random.nextLong(SearchData.SPAN.toMillis() - hour);
                query = page.withTimeRange(Instant.ofEpochMilli(from), Instant.ofEpochMilli(from + hour));
                want = data.firstAtOrAfter(from + hour) - data.firstAtOrAfter(from);
            }
            case TEXT_DAY -> {
                // The worst case of a free-text search: nothing matches, so every message of the day is read.
                long day = Duration.ofDays(1).toMillis();
                long from = data.start().toEpochMilli() + random.nextLong(SearchData.SPAN.toMillis() - day);
                query = page.withTimeRange(Instant.ofEpochMilli(from), Instant.ofEpochMilli(from + day)).withText("no-such-text");
                want = 0;
            }
            case CHANNEL_PAGE_2 -> {
                Page<MessageSummary> first = store.search(page.withChannel(channelName));
                query = page.withChannel(channelName).withBefore(first.next().orElseThrow());
                want = expected.perChannel()[channel] - limit;
            }
            default -> throw new AssertionError(kind);
        }
        long started = System.nanoTime();
        Page<MessageSummary> result = store.search(query);
        long nanos = System.nanoTime() - started;
        check(kind, query, result, Math.min(want, limit));
        return nanos;
    }

    private static void check(Kind kind, MessageQuery query, Page<MessageSummary> result, int hits) {
        List<MessageSummary> items = result.items();
        boolean ok = items.size() == hits;
        MessageId previous = query.before();
        for (MessageSummary item : items) {
            ok &= previous == null || item.id().compareTo(previous) < 0; // newest first, below the cursor
            ok &= query.channel() == null || query.channel().equals(item.channel());
            ok &= query.status() == null || query.status() == item.status();
            ok &= query.patientId() == null || query.patientId().equals(item.metadata().getOrNull(Metadata.PATIENT_ID));
            ok &= query.controlId() == null || query.controlId().equals(item.metadata().getOrNull(Metadata.CONTROL_ID));
            ok &= query.from() == null || !item.receivedAt().isBefore(query.from());
            ok &= query.to() == null || item.receivedAt().isBefore(query.to());
            previous = item.id();
        }
        if (!ok) {
            throw new IllegalStateException("search " + kind.label + " returned " + items.size() + " hits, expected " + hits
                    + " matching ones, for " + query);
        }
    }

    private static void print(SearchData data, Result r, int queries, int limit) {
        System.out.printf("%n%,d messages, %d channels, %,d patients, over %d days; database %,d MB (%,d bytes per message%s)%n",
                r.storedMessages(), data.channels, data.patients, SearchData.SPAN.toDays(), r.databaseBytes() >> 20,
                r.databaseBytes() / (r.storedMessages() + r.earlierIngest()),
                r.earlierIngest() == 0 ? "" : ", counting %,d stored by earlier --ingest runs".formatted(r.earlierIngest()));
        if (!Double.isNaN(r.fillSeconds())) {
            System.out.printf("fill: %.0f s, %,.0f messages/s (3 writes per message: message, queue entry,"
                    + " completed delivery)%n", r.fillSeconds(), r.storedMessages() / r.fillSeconds());
        }
        System.out.printf("first page (limit %d), %d random queries per kind after warm-up, %s, ms:%n", limit, queries,
                r.ingestRate() > 0 ? "while storing %,.0f messages/s".formatted(r.ingestRate()) : "no writes meanwhile");
        System.out.printf("%-30s %8s %8s %8s%n", "search", "p50", "p99", "max");
        r.latencies().forEach((kind, l) -> System.out.printf("%-30s %8.2f %8.2f %8.2f%n", kind.label,
                l.percentileMillis(50), l.percentileMillis(99), l.maxMillis()));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
