package io.conduit.bench.search;

import io.conduit.bench.load.LoadTool;
import io.conduit.core.message.Message;
import io.conduit.core.message.MessageIdGenerator;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.message.Metadata;
import io.conduit.core.message.Stage;
import io.conduit.core.store.StoreWrite;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The synthetic message population {@link SearchBenchmark} stores and searches.
 *
 * <p>Message {@code i}'s channel, patient, final status and receive time are pure functions of
 * {@code i} (SplitMix64 hashes), so a database filled once can be reused by later runs and every
 * query's expected hit count is recomputed here without reading the store. Receive times are
 * evenly spread over {@link #SPAN} ending at {@link #END}, one message every
 * {@code SPAN / messages} (2.6 s at a million), so ids (time-ordered) follow {@code i}. Control ids
 * are unique ({@code MSG<i>}); patients are drawn uniformly, so each has ~{@code messages /
 * patients} messages (Poisson); 1% of messages end ERRORED, the rest SENT.
 *
 * <p>Each message is written the way a channel with one MLLP destination writes it (see
 * {@code Channel.process} and the delivery worker): the message (its RECEIVED stage is implicit),
 * the queue entry (its QUEUED stage is implicit), then the completed delivery with the peer's ACK, which adds
 * the SENT or ERRORED stage and sets the message's status. {@link #writes} and {@link #ingestWrites}
 * share an id generator and must be called from one thread at a time; the rest is pure.
 */
final class SearchData {

    static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
    static final Duration SPAN = Duration.ofDays(30);
    static final String DESTINATION = "downstream";
    static final String INGEST_CHANNEL = "ingest";
    static final String INGEST_PREFIX = "ING";

    private static final byte[] ACK = ("MSH|^~\\&|LAB|HOSP|REGADT|GOOD HEALTH HOSPITAL|20261124083001||ACK^A01^ACK|A1|P|2.5.1\r"
            + "MSA|AA|1\r").getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] NACK = ("MSH|^~\\&|LAB|HOSP|REGADT|GOOD HEALTH HOSPITAL|20261124083001||ACK^A01^ACK|A1|P|2.5.1\r"
            + "MSA|AE|1\rERR|||204^Unknown key identifier^HL70357|E\r").getBytes(StandardCharsets.ISO_8859_1);

    final int messages;
    final int channels;
    final int patients;
    private final long startMillis;
    private long clockMillis;
    private final MessageIdGenerator ids = new MessageIdGenerator(() -> Instant.ofEpochMilli(clockMillis));

    SearchData(int messages, int channels, int patients) {
        if (messages < 1 || messages > SPAN.toMillis()) {
            throw new IllegalArgumentException("messages must be between 1 and " + SPAN.toMillis() + " (one per ms), got " + messages);
        }
        if (channels < 1 || patients < 1) {
            throw new IllegalArgumentException("channels and patients must be at least 1, got " + channels + " and " + patients);
        }
        this.messages = messages;
        this.channels = channels;
        this.patients = patients;
        this.startMillis = END.toEpochMilli() - SPAN.toMillis();
    }

    String channel(int i) {
        return channelName(Math.floorMod(hash(i, 1), channels));
    }

    int channelIndex(int i) {
        return Math.floorMod(hash(i, 1), channels);
    }

    static String channelName(int index) {
        return "channel-" + index;
    }

    int patient(int i) {
        return Math.floorMod(hash(i, 2), patients);
    }

    static String patientId(int patient) {
        return "MRN" + (10_000_000 + patient);
    }

    static String controlId(int i) {
        return "MSG" + i;
    }

    boolean errored(int i) {
        return Math.floorMod(hash(i, 3), 100) == 0;
    }

    long receivedMillis(int i) {
        return startMillis + (long) i * SPAN.toMillis() / messages;
    }

    Instant start() {
        return Instant.ofEpochMilli(startMillis);
    }

    /** The first message received at or after {@code epochMillis} ({@code messages} when none). */
    int firstAtOrAfter(long epochMillis) {
        int low = 0;
        int high = messages;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (receivedMillis(mid) < epochMillis) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Message {@code i}'s whole life in the store, as one submission. Call with increasing {@code i}. */
    List<StoreWrite> writes(int i) {
        return writes(receivedMillis(i), channel(i), channelIndex(i), controlId(i), patientId(patient(i)), errored(i));
    }

    /**
     * The {@code k}th message of the writes {@code --ingest} runs beside the searches: channel
     * {@link #INGEST_CHANNEL}, received after {@link #END} (1 ms apart, so ids stay time-ordered
     * across runs), ids that no timed search looks for. Call with increasing {@code k}.
     */
    List<StoreWrite> ingestWrites(long k) {
        return writes(END.toEpochMilli() + Duration.ofDays(1).toMillis() + k, INGEST_CHANNEL, channels,
                INGEST_PREFIX + k, INGEST_PREFIX + "P" + (k % 1000), false);
    }

    private List<StoreWrite> writes(long at, String channel, int channelIndex, String control, String patient, boolean failed) {
        clockMillis = at;
        Instant received = Instant.ofEpochMilli(at);
        Metadata metadata = Metadata.builder().put(Metadata.MESSAGE_TYPE, "ADT^A01").put(Metadata.CONTROL_ID, control)
                .put(Metadata.PATIENT_ID, patient).put(Metadata.PATIENT_NAME, "EVERYWOMAN^EVE^E")
                .put(Metadata.SENDING_APPLICATION, "REGADT").put(Metadata.SENDING_FACILITY, "GOOD HEALTH HOSPITAL")
                .put(Metadata.RECEIVING_APPLICATION, "CONDUIT").put(Metadata.RECEIVING_FACILITY, "LOAD")
                .put(Metadata.VERSION, "2.5.1").build();
        Message message = new Message(ids.next(), channel, received, LoadTool.adt(control, patient), StandardCharsets.ISO_8859_1,
                "hl7v2", metadata, "mllp://10.20.0." + (1 + channelIndex) + ":50122");
        return List.of(
                new StoreWrite.InsertMessage(message, MessageStatus.QUEUED, null),
                new StoreWrite.Enqueue(message.id(), message.channel(), DESTINATION, null),
                new StoreWrite.CompleteDelivery(message.id(), DESTINATION, failed ? MessageStatus.ERRORED : MessageStatus.SENT,
                        failed ? 3 : 1, failed ? "AE: unknown key identifier" : "AA", failed ? NACK : ACK,
                        received.plusMillis(40)));
    }

    /** How many stored messages each query should find, counted from the same functions. */
    record Expected(int[] perPatient, int[] perPatientAndChannel, int[] perChannel, int[] erroredPerChannel) {
    }

    Expected expected() {
        int[] perPatient = new int[patients];
        int[] perPatientAndChannel = new int[patients * channels];
        int[] perChannel = new int[channels];
        int[] erroredPerChannel = new int[channels];
        for (int i = 0; i < messages; i++) {
            int p = patient(i);
            int c = channelIndex(i);
            perPatient[p]++;
            perPatientAndChannel[p * channels + c]++;
            perChannel[c]++;
            if (errored(i)) {
                erroredPerChannel[c]++;
            }
        }
        return new Expected(perPatient, perPatientAndChannel, perChannel, erroredPerChannel);
    }

    /** SplitMix64's finaliser over {@code i} and a salt per attribute. */
    private static long hash(int i, int salt) {
        long z = (i + 1L) * 0x9E3779B97F4A7C15L + salt * 0xD1B54A32D192ED03L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
