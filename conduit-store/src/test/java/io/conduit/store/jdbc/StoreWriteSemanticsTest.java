package io.conduit.store.jdbc;

import static io.conduit.store.jdbc.StoreFixture.T0;
import static io.conduit.store.jdbc.StoreFixture.insert;
import static io.conduit.store.jdbc.StoreFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.message.Message;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.message.Stage;
import io.conduit.core.store.DeliveryRecord;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.StageRecord;
import io.conduit.core.store.StoreException;
import io.conduit.core.store.StoreWrite.AddStage;
import io.conduit.core.store.StoreWrite.CompleteDelivery;
import io.conduit.core.store.StoreWrite.Enqueue;
import io.conduit.core.store.StoreWrite.InsertMessage;
import io.conduit.core.store.StoreWrite.RecordAttempt;
import io.conduit.core.store.StoreWrite.SetStatus;
import io.conduit.core.store.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreWriteSemanticsTest {

    @TempDir
    Path dir;
    MessageStore store;
    final StoreFixture fixture = new StoreFixture();

    @BeforeEach
    void open() throws StoreException {
        store = StoreFixture.open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void insertMessage_storesMessageWithStatusAndRecordsReceivedStage() throws Exception {
        Message m = fixture.message("adt", "C1", "P1");
        write(store, insert(m));

        StoredMessage stored = store.find(m.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(MessageStatus.RECEIVED);
        assertThat(stored.error()).isNull();
        Message back = stored.message();
        assertThat(back.id()).isEqualTo(m.id());
        assertThat(back.channel()).isEqualTo("adt");
        assertThat(back.receivedAt()).isEqualTo(T0);
        assertThat(back.content()).isEqualTo(m.content());
        assertThat(back.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(back.dataType()).isEqualTo("hl7v2");
        assertThat(back.origin()).isEqualTo("mllp://127.0.0.1:50000");
        assertThat(back.metadata()).isEqualTo(m.metadata());
        assertThat(store.stages(m.id())).singleElement().satisfies(s -> {
            assertThat(s.stage()).isEqualTo(Stage.RECEIVED);
            assertThat(s.destination()).isEmpty();
            assertThat(s.at()).isEqualTo(T0);
        });
    }

    @Test
    void insertMessage_errored_keepsReason() throws Exception {
        Message m = fixture.message("adt", "C1", "P1");
        write(store, new InsertMessage(m, MessageStatus.ERRORED, "MSH-9 missing"));

        StoredMessage stored = store.find(m.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(MessageStatus.ERRORED);
        assertThat(stored.error()).isEqualTo("MSH-9 missing");
    }

    @Test
    void insertMessage_sameIdTwice_failsTheSecond() throws Exception {
        Message m = fixture.message("adt", "C1", "P1");
        write(store, insert(m));

        assertThatThrownBy(() -> write(store, insert(m))).isInstanceOf(StoreException.class)
                .hasMessageContaining("InsertMessage " + m.id());
    }

    @Test
    void insertMessage_withStatusSent_isRejectedAtSubmit() {
        Message m = fixture.message("adt", "C1", "P1");

        assertThatThrownBy(() -> write(store, new InsertMessage(m, MessageStatus.SENT, null)))
                .isInstanceOf(StoreException.class).hasMessageContaining("must be RECEIVED, FILTERED, QUEUED or ERRORED");
    }

    @Test
    void addStage_appendsToHistoryInOrder_withContent() throws Exception {
        Message m = fixture.message("adt", "C1", "P1");
        byte[] transformed = "transformed".getBytes(StandardCharsets.UTF_8);
        write(store, insert(m),
                new AddStage(m.id(), "", Stage.TRANSFORMED, T0.plusMillis(1), "mapping v2", transformed),
                new Enqueue(m.id(), "adt", "lab", null));

        List<StageRecord> stages = store.stages(m.id());
        assertThat(stages).extracting(StageRecord::stage)
                .containsExactly(Stage.RECEIVED, Stage.TRANSFORMED, Stage.QUEUED);
        assertThat(stages.get(0).at()).isEqualTo(m.receivedAt());
        assertThat(stages.get(1).content()).isEqualTo(transformed);
        assertThat(stages.get(1).detail()).isEqualTo("mapping v2");
        assertThat(stages.get(2).destination()).isEqualTo("lab");
        assertThat(stages.get(2).at()).as("queued when received").isEqualTo(m.receivedAt());
        assertThat(stages.get(2).content()).isNull();
    }

    @Test
    void history_hasOneReceivedAndOneQueuedPerDestination_placedAsTheChannelRecordedThem_withoutRowsOfTheirOwn() throws Exception {
        Message m = fixture.message("adt", "C1", "P1");
        byte[] own = "for billing".getBytes(StandardCharsets.UTF_8);
        write(store, insert(m),
                new AddStage(m.id(), "", Stage.TRANSFORMED, T0, null, "source steps".getBytes(StandardCharsets.UTF_8)),
                new AddStage(m.id(), "billing", Stage.TRANSFORMED, T0, null, own),
                new Enqueue(m.id(), "adt", "billing", own),
                new AddStage(m.id(), "audit", Stage.FILTERED, T0, "not for audit", null),
                new Enqueue(m.id(), "adt", "lab", null, true, 0));
        write(store, new CompleteDelivery(m.id(), "lab", MessageStatus.SENT, 1, "AA", null, T0.plusMillis(5)));
        write(store, new Enqueue(m.id(), "adt", "lab", null), // a resend: RESENT, no second QUEUED
                new AddStage(m.id(), "lab", Stage.RESENT, T0.plusMillis(9), "resent by operator", null));

        assertThat(store.stages(m.id())).extracting(r -> r.stage() + " " + r.destination()).containsExactly(
                "RECEIVED ", "TRANSFORMED ", "QUEUED lab", "TRANSFORMED billing", "QUEUED billing", "FILTERED audit",
                "SENT lab", "RESENT lab");
        assertThat(store.stages(new io.conduit.core.message.MessageId(42L))).as("no such message").isEmpty();
        assertThatThrownBy(() -> write(store, new AddStage(m.id(), "lab", Stage.QUEUED, T0, null, null)))
                .isInstanceOf(StoreException.class).hasMessageContaining("QUEUED is recorded by InsertMessage and Enqueue");
    }

    @Test
    void addStage_forUnknownMessage_fails() {
        Message m = fixture.message("adt", "C1", "P1");

        assertThatThrownBy(() -> write(store, new AddStage(m.id(), "", Stage.FILTERED, T0, null, null)))
                .isInstanceOf(StoreException.class).hasMessageContaining(m.id().toString());
    }

    @Test
    void enqueue_createsQueuedDeliveryAndMarksMessageQueued() throws Exception {
        Message m = fixture.message("adt", "C1", "P1");
        write(store, insert(m), new Enqueue(m.id(), "adt", "lab", null));

        assertThat(store.find(m.id()).orElseThrow().status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(store.deliveries(m.id())).singleElement().satisfies(d -> {
            assertThat(d.channel()).isEqualTo("adt");
            assertThat(d.destination()).isEqualTo("lab");
            assertThat(d.status()).isEqualTo(MessageStatus.QUEUED);
            assertThat(d.attempts()).isZero();
            assertThat(d.updatedAt()).isEqualTo(T0);
        });
        assertThat(store.queueDepth("adt", "lab")).isEqualTo(1);
    }

    @Test
    void enqueue_forUnknownMessage_fails() {
        Message m = fixture.message("adt", "C1", "P1");

        assertThatThrownBy(() -> write(store, new Enqueue(m.id(), "adt", "lab", null)))
                .isInstanceOf(StoreException.class).hasMessageContaining("Enqueue " + m.id() + " to lab");
    }

    @Test
    void recordAttempt_countsAttemptAndKeepsDeliveryQueued() throws Exception {
        Message m = fixture.message("adt", "C1", "P1");
        write(store, insert(m), new Enqueue(m.id(), "adt", "lab", null));
        write(store, new RecordAttempt(m.id(), "lab", 1, "connection refused"));

        DeliveryRecord d = store.deliveries(m.id()).getFirst();
        assertThat(d.status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(d.lastError()).isEqualTo("connection refused");
        assertThat(store.pending("adt", "lab", 0, 10)).singleElement()
                .satisfies(q -> assertThat(q.attempts()).isEqualTo(1));
        assertThat(store.find(m.id()).orElseThrow().status()).isEqualTo(MessageStatus.QUEUED);
    }

    @Test
    void recordAttempt_withoutQueuedDelivery_fails() throws Exception {
        Message m = fixture.message("adt", "C1", "P1");
        write(store, insert(m));

        assertThatThrownBy(() -> write(store, new RecordAttempt(m.id(), "lab", 1, "timeout")))
                .isInstanceOf(StoreException.class).hasMessageContaining("no queued delivery to 'lab'");
    }

    @Test
    void completeDelivery_sent_leavesQueueAndMarksMessageSentWhenLastDestination() throws Exception {
        Message m = fixture.message("adt", "C1", "P1");
        write(store, insert(m), new Enqueue(m.id(), "adt", "lab", null), new Enqueue(m.id(), "adt", "billing", null));

        byte[] ack = "MSA|AA|C1".getBytes(StandardCharsets.UTF_8);
        write(store, new CompleteDelivery(m.id(), "lab", MessageStatus.SENT, 1, "AA", ack, T0.plusSeconds(1)));
        assertThat(store.find(m.id()).orElseThrow().status())
                .as("billing is still queued").isEqualTo(MessageStatus.QUEUED);
        assertThat(store.queueDepth("adt", "lab")).isZero();
        assertThat(store.queueDepth("adt", "billing")).isEqualTo(1);

        write(store, new CompleteDelivery(m.id(), "billing", MessageStatus.SENT, 2, "AA", null, T0.plusSeconds(2)));
        assertThat(store.find(m.id()).orElseThrow().status()).isEqualTo(MessageStatus.SENT);
        assertThat(store.deliveries(m.id())).extracting(DeliveryRecord::status)
                .containsOnly(MessageStatus.SENT);
        StageRecord sent = store.stages(m.id()).stream().filter(s -> s.destination().equals("lab") && s.stage() != Stage.QUEUED)
                .findFirst().orElseThrow();
        assertThat(sent.stage()).isEqualTo(Stage.SENT);
        assertThat(sent.content()).isEqualTo(ack);
        assertThat(sent.detail()).isEqualTo("AA");
        assertThat(sent.at()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void completeDelivery_sent_doesNotMarkSentWhileAnotherDeliveryIsErrored() throws Exception {
        Message m = fixture.message("adt", "C1", "P1");
        write(store, insert(m), new Enqueue(m.id(), "adt", "lab", null), new Enqueue(m.id(), "adt", "billing", null));
        write(store, new CompleteDelivery(m.id(), "billing", MessageStatus.ERRORED, 5, "gave up after 5 attempts", null, T0));
        write(store, new CompleteDelivery(m.id(), "lab", MessageStatus.SENT, 1, "AA", null, T0));

        StoredMessage stored = store.find(m.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(MessageStatus.ERRORED);
        assertThat(stored.error()).isEqualTo("gave up after 5 attempts");
    }

    @Test
    void completeDelivery_errored_marksDeliveryAndMessageErroredWithReason() throws Exception {
        Message m = fixture.message("adt", "C1", "P1");
        write(store, insert(m), new Enqueue(m.id(), "adt", "lab", null));
        write(store, new CompleteDelivery(m.id(), "lab", MessageStatus.ERRORED, 3, "AR: unknown patient", null, T0));

        StoredMessage stored = store.find(m.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(MessageStatus.ERRORED);
        assertThat(stored.error()).isEqualTo("AR: unknown patient");
        DeliveryRecord d = store.deliveries(m.id()).getFirst();
        assertThat(d.status()).isEqualTo(MessageStatus.ERRORED);
        assertThat(d.attempts()).isEqualTo(3);
        assertThat(d.lastError()).isEqualTo("AR: unknown patient");
        assertThat(store.queueDepth("adt", "lab")).isZero();
        assertThat(store.stages(m.id()).getLast().stage()).isEqualTo(Stage.ERRORED);
    }

    @Test
    void completeDelivery_withStatusQueued_isRejectedAtSubmit() {
        Message m = fixture.message("adt", "C1", "P1");

        assertThatThrownBy(() -> write(store, new CompleteDelivery(m.id(), "lab", MessageStatus.QUEUED, 1, null, null, T0)))
                .isInstanceOf(StoreException.class).hasMessageContaining("must be SENT or ERRORED");
    }

    @Test
    void completeDelivery_withoutDelivery_fails() throws Exception {
        Message m = fixture.message("adt", "C1", "P1");
        write(store, insert(m));

        assertThatThrownBy(() -> write(store, new CompleteDelivery(m.id(), "lab", MessageStatus.SENT, 1, null, null, T0)))
                .isInstanceOf(StoreException.class).hasMessageContaining("no delivery to 'lab'");
    }

    @Test
    void setStatus_setsStatusAndErrorOnlyWhenErrored() throws Exception {
        Message m = fixture.message("adt", "C1", "P1");
        write(store, insert(m));

        write(store, new SetStatus(m.id(), MessageStatus.ERRORED, "transformer failed"));
        assertThat(store.find(m.id()).orElseThrow()).satisfies(s -> {
            assertThat(s.status()).isEqualTo(MessageStatus.ERRORED);
            assertThat(s.error()).isEqualTo("transformer failed");
        });

        write(store, new SetStatus(m.id(), MessageStatus.FILTERED, "ignored reason"));
        assertThat(store.find(m.id()).orElseThrow()).satisfies(s -> {
            assertThat(s.status()).isEqualTo(MessageStatus.FILTERED);
            assertThat(s.error()).isNull();
        });
    }

    @Test
    void setStatus_forUnknownMessage_fails() {
        Message m = fixture.message("adt", "C1", "P1");

        assertThatThrownBy(() -> write(store, new SetStatus(m.id(), MessageStatus.SENT, null)))
                .isInstanceOf(StoreException.class).hasMessageContaining("no message " + m.id());
    }

    @Test
    void find_unknownId_isEmpty() throws Exception {
        Message m = fixture.message("adt", "C1", "P1");

        assertThat(store.find(m.id())).isEmpty();
        assertThat(store.stages(m.id())).isEmpty();
        assertThat(store.deliveries(m.id())).isEmpty();
    }

    @Test
    void submit_isAtomic_aFailingWriteUndoesItsSiblings() throws Exception {
        Message m = fixture.message("adt", "C1", "P1");
        Message unknown = fixture.message("adt", "C2", "P2");

        assertThatThrownBy(() -> write(store, insert(m), new SetStatus(unknown.id(), MessageStatus.SENT, null)))
                .isInstanceOf(StoreException.class);
        assertThat(store.find(m.id())).isEmpty();
    }
}
