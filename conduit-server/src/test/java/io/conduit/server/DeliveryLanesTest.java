package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conduit.core.message.MessageStatus;
import io.conduit.core.store.DeliveryLane;
import io.conduit.hl7v2.mllp.MllpClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A destination with {@code lanes: 4, laneKey: patientId} delivers over four connections at once,
 * each patient's messages in the order they were received and on one connection, every message
 * exactly once; and a resent message goes back to its patient's lane.
 */
class DeliveryLanesTest {

    private static final int LANES = 4;
    private static final int PATIENTS = 12;
    private static final int MESSAGES = 96;

    @TempDir
    Path temp;

    /** One frame as the peer saw it, and whether the peer refused it (AE). */
    private record Arrival(int connection, String patientId, String controlId, boolean refused) {

        Arrival(int connection, String patientId, String controlId) {
            this(connection, patientId, controlId, false);
        }
    }

    /** An MLLP peer that holds every ACK for a while, recording arrivals and the most frames in flight at once. */
    private static final class SlowPeer implements AutoCloseable {
        final ServerSocket server;
        final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        /** The patient whose messages get AE, and how many AEs are left to give. */
        volatile String refusePatient = "";
        final AtomicInteger refusalsLeft = new AtomicInteger();

        SlowPeer() throws IOException {
            this(0);
        }

        SlowPeer(int port) throws IOException {
            server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        int connection = connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> serve(s, connection));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void serve(Socket s, int connection) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                int b;
                while ((b = in.read()) != -1) {
                    if (b != 0x0B) {
                        continue;
                    }
                    ByteArrayOutputStream frame = new ByteArrayOutputStream();
                    while ((b = in.read()) != 0x1C) {
                        if (b == -1) {
                            return;
                        }
                        frame.write(b);
                    }
                    in.read(); // CR
                    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    String[] segments = frame.toString(StandardCharsets.ISO_8859_1).split("\r");
                    String controlId = segments[0].split("\\|")[9];
                    String patientId = List.of(segments).stream().filter(seg -> seg.startsWith("PID|")).findFirst()
                            .orElseThrow().split("\\|")[3].split("\\^")[0];
                    boolean refuse = patientId.equals(refusePatient) && refusalsLeft.getAndDecrement() > 0;
                    arrivals.add(new Arrival(connection, patientId, controlId, refuse));
                    Thread.sleep(15); // a slow peer: one lane alone would take MESSAGES x 15 ms
                    inFlight.decrementAndGet();
                    String ack = "MSH|^~\\&|PEER|PEER|CONDUIT|CONDUIT|20260101000000||ACK^A01^ACK|A" + controlId + "|P|2.5.1\r"
                            + "MSA|" + (refuse ? "AE" : "AA") + "|" + controlId + "\r";
                    out.write(0x0B);
                    out.write(ack.getBytes(StandardCharsets.ISO_8859_1));
                    out.write(0x1C);
                    out.write(0x0D);
                    out.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // the engine closed the connection
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @Test
    void fourLanes_deliverInParallel_keepEachPatientsOrder_andDeliverEveryMessageOnce() throws Exception {
        try (SlowPeer peer = new SlowPeer(); EngineHarness h = new EngineHarness(temp)) {
            h.channel("adt", channel(peer.server.getLocalPort(), "lanes: " + LANES, "laneKey: patientId"));
            h.start();
            Map<String, List<String>> sentByPatient = new LinkedHashMap<>();
            send(h, "LANE-", 0, MESSAGES, PATIENTS, sentByPatient);
            await().atMost(Duration.ofSeconds(30)).until(() -> peer.arrivals.size() >= MESSAGES);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    h.engine.store().queueDepth("adt", "ehr") == 0);
            Thread.sleep(200); // a duplicate would arrive now

            List<Arrival> arrivals = List.copyOf(peer.arrivals);
            assertThat(arrivals).extracting(Arrival::controlId).as("every message exactly once").doesNotHaveDuplicates()
                    .hasSize(MESSAGES);
            Set<Integer> expectedLanes = new HashSet<>();
            for (String patient : sentByPatient.keySet()) {
                List<Arrival> own = arrivals.stream().filter(a -> a.patientId().equals(patient)).toList();
                assertThat(own).extracting(Arrival::controlId).as("patient %s in the order received", patient)
                        .containsExactlyElementsOf(sentByPatient.get(patient));
                assertThat(own).extracting(Arrival::connection).as("patient %s stays in one lane", patient)
                        .containsOnly(own.getFirst().connection());
                expectedLanes.add(DeliveryLane.of(patient, LANES));
            }
            assertThat(expectedLanes).as("the test's patients spread over several lanes").hasSizeGreaterThan(1);
            assertThat(arrivals.stream().map(Arrival::connection).distinct().count()).as("one connection per lane in use")
                    .isEqualTo(expectedLanes.size());
            assertThat(peer.mostInFlight.get()).as("lanes deliver at the same time").isGreaterThan(1);
            assertThat(h.engine.store().deliveriesWithStatus("adt", "ehr", MessageStatus.QUEUED, 10)).isEmpty();
            assertThat(h.engine.store().deliveriesWithStatus("adt", "ehr", MessageStatus.ERRORED, 10)).isEmpty();
            assertThat(h.channel("adt").counters().sent()).isEqualTo(MESSAGES);

            // A resend goes back to its patient's lane: it arrives on the connection that patient used.
            var first = h.engine.store().search(io.conduit.core.store.MessageQuery.all(1).withControlId("LANE-5"))
                    .items().getFirst().id();
            Arrival before = arrivals.stream().filter(a -> a.controlId().equals("LANE-5")).findFirst().orElseThrow();
            h.engine.resend(first, java.util.Optional.empty());
            await().atMost(Duration.ofSeconds(10)).until(() -> peer.arrivals.size() == MESSAGES + 1);
            assertThat(peer.arrivals.getLast()).isEqualTo(before);
        }
    }

    @Test
    void aBacklogQueuedOnOneLane_isSpreadOverTheNewLanesAtRestart_soNoLaterMessageOvertakesItsPatientsEarlierOnes() throws Exception {
        int peerPort = EngineHarness.freePort();
        String retry = "retry: {maxAttempts: 1000, initialDelay: 50ms, maxDelay: 100ms}";
        Map<String, List<String>> sentByPatient = new LinkedHashMap<>();
        try (EngineHarness h = new EngineHarness(temp)) {
            h.channel("adt", channel(peerPort, "connectTimeout: 1s", retry)); // one lane: every entry in lane 0
            h.start();
            send(h, "DOWN-", 0, 30, 6, sentByPatient);
            assertThat(h.engine.store().queueDepth("adt", "ehr")).as("the peer is down: all queued").isEqualTo(30);
        }
        try (SlowPeer peer = new SlowPeer(peerPort); EngineHarness h = new EngineHarness(temp)) {
            h.channel("adt", channel(peerPort, "connectTimeout: 1s", retry, "lanes: 3", "laneKey: patientId"));
            h.start();
            send(h, "DOWN-", 30, 12, 6, sentByPatient); // new messages go straight to their lanes, behind the old ones
            await().atMost(Duration.ofSeconds(30)).until(() -> h.engine.store().queueDepth("adt", "ehr") == 0);
            Thread.sleep(200); // a duplicate would arrive now
            List<Arrival> arrivals = List.copyOf(peer.arrivals);
            assertThat(arrivals).extracting(Arrival::controlId).doesNotHaveDuplicates().hasSize(42);
            assertThat(arrivals.stream().map(Arrival::connection).distinct().count()).as("the backlog spread over the lanes")
                    .isGreaterThan(1);
            for (var e : sentByPatient.entrySet()) {
                assertThat(arrivals.stream().filter(a -> a.patientId().equals(e.getKey())).map(Arrival::controlId).toList())
                        .as("patient %s in the order received, across the restart and the new lanes", e.getKey())
                        .containsExactlyElementsOf(e.getValue());
            }
        }
    }

    @Test
    void aMessageRetrying_holdsUpOnlyItsOwnLane() throws Exception {
        try (SlowPeer peer = new SlowPeer(); EngineHarness h = new EngineHarness(temp)) {
            h.channel("adt", channel(peer.server.getLocalPort(), "retry: {maxAttempts: 100, initialDelay: 100ms, maxDelay: 100ms}",
                    "lanes: 2", "laneKey: patientId"));
            h.start();
            String stuck = "PAT0";
            int stuckLane = DeliveryLane.of(stuck, 2);
            List<String> sameLane = new ArrayList<>();
            List<String> otherLane = new ArrayList<>();
            for (int p = 1; sameLane.size() < 2 || otherLane.size() < 2; p++) {
                (DeliveryLane.of("PAT" + p, 2) == stuckLane ? sameLane : otherLane).add("PAT" + p);
            }
            peer.refusePatient = stuck;
            peer.refusalsLeft.set(5); // about half a second of retries
            List<String> order = new ArrayList<>(List.of(stuck));
            order.addAll(sameLane.subList(0, 2));
            order.addAll(otherLane.subList(0, 2));
            try (MllpClient client = MllpClient.connect("127.0.0.1", h.port("adt"))) {
                for (String patient : order) {
                    send(client, "HOLD-" + patient, patient);
                }
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> h.engine.store().queueDepth("adt", "ehr") == 0);
            List<String> delivered = peer.arrivals.stream().filter(a -> !a.refused()).map(Arrival::patientId).toList();
            assertThat(peer.arrivals.stream().filter(Arrival::refused).count()).as("the stuck message was refused 5 times").isEqualTo(5);
            int stuckDone = delivered.indexOf(stuck);
            for (String other : otherLane.subList(0, 2)) {
                assertThat(delivered.indexOf(other)).as("%s (other lane) is not held up by %s's retries", other, stuck)
                        .isLessThan(stuckDone);
            }
            for (String mate : sameLane.subList(0, 2)) {
                assertThat(delivered.indexOf(mate)).as("%s (same lane) waits behind %s", mate, stuck).isGreaterThan(stuckDone);
            }
        }
    }

    /** Channel "adt": MLLP in, destination "ehr" forwarding over MLLP to {@code peerPort}, with {@code settings} added to it. */
    private static String channel(int peerPort, String... settings) {
        StringBuilder yaml = new StringBuilder("""
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0}
                destinations:
                  - name: ehr
                    type: mllp
                    host: 127.0.0.1
                    port: %d
                """.formatted(peerPort));
        for (String setting : settings) {
            yaml.append("    ").append(setting).append('\n');
        }
        return yaml.toString();
    }

    /**
     * Sends {@code count} messages numbered from {@code first} (control ids {@code prefix + number})
     * for {@code patients} patients in turn, recording each patient's order.
     */
    private static void send(EngineHarness h, String prefix, int first, int count, int patients,
                             Map<String, List<String>> sentByPatient) throws Exception {
        try (MllpClient client = MllpClient.connect("127.0.0.1", h.port("adt"))) {
            for (int i = first; i < first + count; i++) {
                String patient = "PAT" + (i % patients);
                send(client, prefix + i, patient);
                sentByPatient.computeIfAbsent(patient, k -> new ArrayList<>()).add(prefix + i);
            }
        }
    }

    /** Sends one ADT^A01 for {@code patient} and checks it was accepted. */
    private static void send(MllpClient client, String controlId, String patient) throws Exception {
        String message = Hl7Samples.adtA01(controlId).replace("PATID1234", patient);
        assertThat(message).contains("|" + patient + "^");
        String ack = new String(client.send(message.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
        assertThat(ack).contains("MSA|AA|" + controlId);
    }
}
