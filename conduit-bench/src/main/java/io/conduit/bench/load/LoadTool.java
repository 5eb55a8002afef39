package io.conduit.bench.load;

import io.conduit.bench.TransformBenchmark;
import io.conduit.hl7v2.mllp.MllpClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * End-to-end MLLP load: N connections each send M ADT messages and wait for each ACK, against
 * three targets started one after the other as separate processes, in the same run:
 * <ol>
 *   <li>{@code canned}: {@link CannedAckResponder}, the loopback limit;</li>
 *   <li>{@code hapi}: {@link HapiMllpServer}, parse + generateACK, no storage;</li>
 *   <li>{@code conduit}: {@code conduit run} with one channel (MLLP in, SQLite group commit, ACK
 *       out) forwarding every message over MLLP to a canned responder in this process.</li>
 * </ol>
 *
 * <pre>
 * ./mvnw -q package -DskipTests -pl conduit-bench,conduit-server -am
 * (--conduit-destination none: ingest alone, every message stored but none forwarded;
 *  target durable: DurableAckResponder, the canned ACK after each frame is appended to a file and fdatasynced
 *  with group commit (the least "store, then acknowledge" can cost here);
 *  --conduit-lanes N: the forwarding destination delivers over N lanes keyed by patient id (N connections);
 *  target conduit-mapped: the same channel with TransformBenchmark's ten steps as source transformers;
 *  --rounds N: run the targets N times, alternating their order, and print each ratio's mean and median;
 *  target conduit+dashboards (or conduit-mapped+dashboards): the same engine with --dashboards K simulated dashboards
 *  polling its HTTP API during the measured phase, see DashboardLoad; --dashboard-auth session|token;
 *  --dashboard-probe S: afterwards, with no MLLP traffic, the engine's CPU for S s idle and S s with the dashboards;
 *  --keep-work yes: keep each target's working directory (store, log) instead of deleting it)
 * java -cp conduit-bench/target/benchmarks.jar io.conduit.bench.load.LoadTool \
 *      --connections 50 --messages 400 --conduit-jar conduit-server/target/conduit.jar
 * java -cp conduit-bench/target/benchmarks.jar io.conduit.bench.load.LoadTool \
 *      --connections 50 --messages 3000 --targets conduit,conduit+dashboards --dashboards 10 --rounds 5
 * </pre>
 */
public final class LoadTool {

    private LoadTool() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int connections = Integer.parseInt(opts.getOrDefault("connections", "50"));
        int messages = Integer.parseInt(opts.getOrDefault("messages", "400"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "200"));
        String targets = opts.getOrDefault("targets", "canned,hapi,conduit");
        String heap = opts.getOrDefault("heap", "256m");
        Path conduitJar = Path.of(opts.getOrDefault("conduit-jar", "conduit-server/target/conduit.jar"));
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("java.class.path");

        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "1"));
        System.out.printf("MLLP load: %d connections x %d messages (%d warm-up per connection), ADT^A01 of %d bytes, heap %s%n",
                connections, messages, warmup, adt("X").length, heap);
        List<String> order = new ArrayList<>(List.of(targets.split(",")));
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            if (rounds > 1) {
                System.out.printf("round %d of %d: %s%n", round, rounds, order);
            }
            Map<String, Result> results = runTargets(order, opts, connections, messages, warmup, heap, conduitJar, java, classpath);
            results.forEach((name, r) -> rates.computeIfAbsent(name, k -> new ArrayList<>()).add(r.rate));
            report(results).forEach((name, ratio) -> ratios.computeIfAbsent(name, k -> new ArrayList<>()).add(ratio));
            // Whichever target runs second does better (a warmer machine and load generator): alternate.
            Collections.reverse(order);
        }
        if (rounds > 1) {
            rates.forEach((name, values) -> System.out.printf("%s over %d rounds: mean %.0f msg/s, median %.0f, range %.0f-%.0f%n",
                    name, values.size(), values.stream().mapToDouble(Double::doubleValue).average().orElse(0), median(values),
                    values.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    values.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
            if (!DASHBOARD_TOTALS.isEmpty()) {
                System.out.printf("dashboards over %d rounds:%n", rounds);
                DASHBOARD_TOTALS.report(Integer.parseInt(opts.getOrDefault("dashboards", "1")));
            }
            ratios.forEach((name, values) -> System.out.printf("%s over %d rounds: mean %.2f, median %.2f, range %.2f-%.2f%n",
                    name, values.size(), values.stream().mapToDouble(Double::doubleValue).average().orElse(0), median(values),
                    values.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    values.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Prints the ratios of one round and returns them by name. */
    private static Map<String, Double> report(Map<String, Result> results) {
        Map<String, Double> ratios = new LinkedHashMap<>();
        if (results.containsKey("conduit")) {
            Result c = results.get("conduit");
            if (results.containsKey("hapi")) {
                ratios.put("conduit / hapi", c.rate / results.get("hapi").rate);
            }
            if (results.containsKey("canned")) {
                ratios.put("conduit / canned", c.rate / results.get("canned").rate);
            }
            if (results.containsKey("durable")) {
                ratios.put("conduit / durable", c.rate / results.get("durable").rate);
            }
            if (results.containsKey("conduit-mapped")) {
                ratios.put("conduit-mapped / conduit", results.get("conduit-mapped").rate / c.rate);
            }
        }
        if (results.containsKey("durable")) {
            Result d = results.get("durable");
            if (results.containsKey("hapi")) {
                ratios.put("durable / hapi", d.rate / results.get("hapi").rate);
            }
            if (results.containsKey("canned")) {
                ratios.put("durable / canned", d.rate / results.get("canned").rate);
            }
        }
        for (String name : results.keySet()) {
            String base = name.replace(DASHBOARDS, "");
            if (!base.equals(name) && results.containsKey(base)) {
                ratios.put(name + " / " + base, results.get(name).rate / results.get(base).rate);
            }
        }
        ratios.forEach((name, ratio) -> System.out.printf("%s = %.2f%n", name, ratio));
        return ratios;
    }

    /** Suffix of a conduit target that runs with simulated dashboards polling during the measured phase. */
    static final String DASHBOARDS = "+dashboards";
    /** What the dashboards saw over every round. */
    private static final DashboardLoad.Totals DASHBOARD_TOTALS = new DashboardLoad.Totals();
    /** The administrator's password every engine starts with (CONDUIT_ADMIN_PASSWORD), so dashboards can log in. */
    private static final String ADMIN_PASSWORD = "load-tool-admin-password";

    private static Map<String, Result> runTargets(List<String> targets, Map<String, String> opts, int connections, int messages,
                                                  int warmup, String heap, Path conduitJar, String java, String classpath)
            throws Exception {
        Map<String, Result> results = new LinkedHashMap<>();
        boolean forward = !"none".equals(opts.getOrDefault("conduit-destination", "mllp"));
        for (String target : targets) {
            int port = freePort();
            Path work = Files.createTempDirectory("conduit-load-" + target);
            ServerSocket downstream = null;
            AtomicLong forwarded = new AtomicLong();
            List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-Xms" + heap));
            boolean dashboards = target.endsWith(DASHBOARDS);
            switch (target.replace(DASHBOARDS, "")) {
                case "canned" -> command.addAll(List.of("-cp", classpath, CannedAckResponder.class.getName(), "" + port));
                case "hapi" -> command.addAll(List.of("-cp", classpath, HapiMllpServer.class.getName(), "" + port));
                case "durable" -> command.addAll(List.of("-cp", classpath, DurableAckResponder.class.getName(), "" + port,
                        work.resolve("durable.log").toString()));
                case "conduit", "conduit-mapped" -> {
                    downstream = CannedAckResponder.listen(0);
                    ServerSocket ds = downstream;
                    Thread.ofVirtual().start(() -> CannedAckResponder.serve(ds, forwarded));
                    Path config = writeConduitConfig(work, port, downstream.getLocalPort(), forward,
                            target.startsWith("conduit-mapped"), Integer.parseInt(opts.getOrDefault("conduit-lanes", "1")));
                    String extra = opts.getOrDefault("conduit-jvm-args", "");
                    if (!extra.isBlank()) {
                        command.addAll(List.of(extra.trim().split("\\s+")));
                    }
                    command.addAll(List.of("-jar", conduitJar.toString(), "run", config.toString()));
                }
                default -> throw new IllegalArgumentException("unknown target " + target);
            }
            if (dashboards && downstream == null) {
                throw new IllegalArgumentException(target + ": only conduit targets serve the dashboard API");
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(work.resolve("target.log").toFile());
            // Every engine gets the same administrator, with or without dashboards: the same configuration.
            builder.environment().put("CONDUIT_ADMIN_PASSWORD", ADMIN_PASSWORD);
            Process process = builder.start();
            DashboardLoad dashboardLoad = null;
            int dashboardCount = Integer.parseInt(opts.getOrDefault("dashboards", "1"));
            try {
                awaitPort(port, process);
                int httpPort = dashboards ? awaitHttpPort(work.resolve("target.log"), process) : -1;
                String dashboardAuth = opts.getOrDefault("dashboard-auth", "session");
                if (dashboards) { // logins (Argon2) before the warm-up, outside the measurement
                    dashboardLoad = DashboardLoad.login(httpPort, dashboardCount, ADMIN_PASSWORD, dashboardAuth);
                }
                run(port, connections, warmup); // warm-up, not measured
                if (dashboardLoad != null) {
                    dashboardLoad.start();
                }
                long cpuBefore = cpuNanos(process);
                long wallBefore = System.nanoTime();
                Result r = run(port, connections, messages);
                long cpu = cpuNanos(process) - cpuBefore;
                double wall = (System.nanoTime() - wallBefore) / 1e9;
                if (dashboardLoad != null) {
                    dashboardLoad.close();
                }
                results.put(target, r);
                System.out.printf("%-8s %9.0f msg/s   p50 %6.2f ms   p99 %6.2f ms   p99.9 %6.2f ms   errors %d%n", target,
                        r.rate, r.p50, r.p99, r.p999, r.errors);
                System.out.printf("         target CPU while measured: %.1f s in %.1f s (%.0f%% of a core), %.0f µs per message%n",
                        cpu / 1e9, wall, cpu / 1e7 / wall, cpu / 1e3 / (r.rate * wall));
                if (dashboardLoad != null) {
                    dashboardLoad.report(dashboardCount);
                    DASHBOARD_TOTALS.add(dashboardLoad);
                }
                if (downstream != null && forward) {
                    long expected = (long) connections * (warmup + messages);
                    System.out.printf("         forwarded downstream when the last ACK came back: %d of %d (backlog %d)%n",
                            forwarded.get(), expected, expected - forwarded.get());
                    long drainStart = System.nanoTime();
                    while (forwarded.get() < expected && System.nanoTime() - drainStart < 120_000_000_000L) {
                        Thread.sleep(50);
                    }
                    System.out.printf("         backlog drained %s after %.1f s%n", forwarded.get() >= expected ? "completely" : "NOT",
                            (System.nanoTime() - drainStart) / 1e9);
                }
                int probe = Integer.parseInt(opts.getOrDefault("dashboard-probe", "0"));
                if (dashboards && probe > 0) {
                    probeDashboardCpu(process, httpPort, dashboardCount, dashboardAuth, probe);
                }
            } finally {
                if (dashboardLoad != null) {
                    dashboardLoad.close();
                }
                process.destroy();
                process.waitFor();
                if (downstream != null) {
                    downstream.close();
                }
                // Each engine's store grows by hundreds of megabytes: keep it only when asked (to read its log).
                if (!opts.containsKey("keep-work")) {
                    deleteTree(work);
                } else {
                    System.out.println("         kept " + work);
                }
            }
        }
        return results;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    record Result(double rate, double p50, double p99, double p999, long errors) {
    }

    static Result run(int port, int connections, int messagesEach) throws Exception {
        Histogram histogram = new Histogram(60_000_000_000L, 3);
        AtomicLong errors = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(connections);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Histogram> perThread = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Histogram h = new Histogram(60_000_000_000L, 3);
            perThread.add(h);
            int conn = c;
            threads.add(Thread.ofPlatform().start(() -> {
                try (MllpClient client = MllpClient.connect("127.0.0.1", port)) {
                    ready.countDown();
                    go.await();
                    for (int i = 0; i < messagesEach; i++) {
                        // 10,000 patients, spread over the connections (lanes key on the patient id)
                        byte[] message = adt("L" + conn + "-" + i, "P%08d".formatted((conn * 7919L + i) % 10_000));
                        long start = System.nanoTime();
                        byte[] ack = client.send(message);
                        h.recordValue(System.nanoTime() - start);
                        if (ack.length < 10 || indexOf(ack, "MSA|AA".getBytes(StandardCharsets.US_ASCII)) < 0) {
                            errors.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                    ready.countDown();
                }
            }));
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        perThread.forEach(histogram::add);
        return new Result(histogram.getTotalCount() / seconds, histogram.getValueAtPercentile(50) / 1e6,
                histogram.getValueAtPercentile(99) / 1e6, histogram.getValueAtPercentile(99.9) / 1e6, errors.get());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * @param forward false to measure ingest alone: the destination's filter then drops every
     *                message, so each is stored (FILTERED for that destination) but never queued
     */
    private static Path writeConduitConfig(Path work, int port, int downstreamPort, boolean forward, boolean mapped, int lanes)
            throws IOException {
        Path config = Files.createDirectories(work.resolve("config"));
        Files.createDirectories(config.resolve("channels"));
        // An ephemeral HTTP port: the measured engine must not fail on, or depend on, a busy 8080.
        Files.writeString(config.resolve("conduit.yaml"), "dataDirectory: " + work.resolve("data") + "\nhttp:\n  port: 0\n");
        Files.writeString(config.resolve("channels/load.yaml"), """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: %d, maxConnections: 1000}
                %sdestinations:
                  - name: downstream
                    type: mllp
                    host: 127.0.0.1
                    port: %d
                %s%s""".formatted(port, mapped ? TransformBenchmark.TEN_STEPS.stripTrailing() + "\n" : "", downstreamPort,
                forward ? "" : "    filters: [{path: MSH-3, equals: NOBODY}]\n",
                lanes == 1 ? "" : "    lanes: " + lanes + "\n    laneKey: patientId\n"));
        return config;
    }

    /** A synthetic ADT^A01 of about 1.7 KB with a Z-segment (no real patient data). */
    static byte[] adt(String controlId) {
        return adt(controlId, "PATID1234");
    }

    /** The same ADT^A01 with the given control id (MSH-10) and patient id (PID-3). */
    public static byte[] adt(String controlId, String patientId) {
        String msg = "MSH|^~\\&|REGADT|GOOD HEALTH HOSPITAL|CONDUIT|LOAD|20261124083000||ADT^A01^ADT_A01|" + controlId + "|P|2.5.1\r"
                + "EVN|A01|20261124083000|||OPERATOR^ONE^O\r"
                + "PID|1||" + patientId + "^^^GOOD HEALTH HOSPITAL^MR~123456789^^^USSSA^SS||EVERYWOMAN^EVE^E^^^^L~EVERYWOMAN^EVE^^^^^M|SMITH^^^^^^M|19880227|F||2106-3^White^CDCREC|2222 HOME STREET^^GREENSBORO^NC^27401-1020^USA^H||(555)555-2004^PRN^PH^^1^555^5552004|(555)555-2005^WPN^PH^^1^555^5552005|EN^English^ISO639|S^Single^HL70002|CHR^Christian^HL70006|PATID12345001^2^M10^ADT1^AN^A|444333333|987654^NC\r"
                + "NK1|1|JONES^BARBARA^K|WI^WIFE^HL70063|2222 HOME STREET^^GREENSBORO^NC^27401-1020|(555)555-2006||NK^NEXT OF KIN\r"
                + "NK1|2|EVERYMAN^ADAM^A|HU^HUSBAND^HL70063|2222 HOME STREET^^GREENSBORO^NC^27401-1020|(555)555-2007||EC^EMERGENCY CONTACT\r"
                + "PV1|1|I|2000^2012^01^GOOD HEALTH HOSPITAL||||004777^ATTEND^AARON^A^^^MD|004778^REFER^RACHEL^R^^^MD|004779^CONSULT^CONNOR^C^^^MD|SUR||||ADM|A0|||||||||||||||||||||||||20261124083000\r"
                + "PV2|||^ABDOMINAL PAIN\r"
                + "OBX|1|NM|8302-2^Body height^LN||170|cm^centimeter^UCUM|||||F|||20261124083000\r"
                + "OBX|2|NM|29463-7^Body weight^LN||65|kg^kilogram^UCUM|||||F|||20261124083000\r"
                + "OBX|3|ST|8661-1^Chief complaint^LN||Abdominal pain since yesterday evening, worse after meals||||||F|||20261124083000\r"
                + "OBX|4|TX|11348-0^History of past illness^LN||Appendectomy 2009; seasonal allergies; no known cardiac history||||||F|||20261124083000\r"
                + "AL1|1|DA|70618^Penicillin^RXNORM|MO|Hives\r"
                + "DG1|1||R10.9^Unspecified abdominal pain^I10||20261124083000|A\r"
                + "IN1|1|PLAN001^GOLD PLAN|INS001^^^^NIIP|ACME INSURANCE|123 INSURANCE WAY^^CHARLOTTE^NC^28201||(555)555-3000|GRP001|||||||EVERYWOMAN^EVE^E|SEL^SELF|19880227|2222 HOME STREET^^GREENSBORO^NC^27401-1020\r"
                + "ZPI|1|VIP^N|LANG^EN\r";
        return msg.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static long cpuNanos(Process process) {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /**
     * The engine's CPU cost of the dashboards alone, with no MLLP traffic (after the backlog
     * drained, over the store the run filled): {@code seconds} with nobody polling, then
     * {@code seconds} with the dashboards polling; the difference over the requests they made.
     */
    private static void probeDashboardCpu(Process process, int httpPort, int count, String auth, int seconds) throws Exception {
        Thread.sleep(2000); // let the checkpointer and delivery worker settle
        long idleStart = cpuNanos(process);
        long idleWall = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double idle = (cpuNanos(process) - idleStart) / ((System.nanoTime() - idleWall) / 1e9);
        try (DashboardLoad load = DashboardLoad.login(httpPort, count, ADMIN_PASSWORD, auth)) {
            Thread.sleep(500);
            long busyStart = cpuNanos(process);
            long busyWall = System.nanoTime();
            load.start();
            Thread.sleep(seconds * 1000L);
            double wall = (System.nanoTime() - busyWall) / 1e9;
            double busy = (cpuNanos(process) - busyStart) / wall;
            load.close();
            long requests = load.requests();
            System.out.printf("         probe, no MLLP traffic: engine CPU %.1f ms/s idle, %.1f ms/s with %d dashboard(s) polling "
                            + "(%d requests in %.0f s): %.2f ms of engine CPU per request, %.1f%% of one core%n", idle / 1e6, busy / 1e6,
                    count, requests, wall, (busy - idle) * wall / 1e6 / Math.max(1, requests), (busy - idle) / 1e7);
        }
    }

    /** The HTTP port the engine chose (the config says 0), from the address {@code conduit run} prints. */
    private static int awaitHttpPort(Path log, Process process) throws Exception {
        java.util.regex.Pattern dashboard = java.util.regex.Pattern.compile("Dashboard on https?://[^ ]*:(\\d+)/ui/");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            java.util.regex.Matcher m = dashboard.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("target exited with " + process.exitValue());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no 'Dashboard on' line in " + log + " within 60 s");
    }

    private static void awaitPort(int port, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("target exited with " + process.exitValue());
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("target did not listen on " + port + " within 60 s");
    }
}
