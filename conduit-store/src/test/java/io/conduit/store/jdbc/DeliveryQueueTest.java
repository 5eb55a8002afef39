package io.conduit.store.jdbc;

import static io.conduit.store.jdbc.StoreFixture.T0;
import static io.conduit.store.jdbc.StoreFixture.insert;
import static io.conduit.store.jdbc.StoreFixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.core.message.Message;
import io.conduit.core.message.MessageId;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.message.Stage;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.QueuedDelivery;
import io.conduit.core.store.StoreException;
import io.conduit.core.store.StoreWrite;
import io.conduit.core.store.StoreWrite.CompleteDelivery;
import io.conduit.core.store.StoreWrite.Enqueue;
import io.conduit.core.store.StoreWrite.RecordAttempt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryQueueTest {

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

    private List<Message> queue(int count, String destination) throws StoreException {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Message m = fixture.message("adt", "C" + i, "P" + i);
            write(store, insert(m), new Enqueue(m.id(), "adt", destination, null));
            messages.add(m);
        }
        return messages;
    }

    @Test
    void lanes_partitionTheQueueByLaneHash_andAResendKeepsItsLane() throws Exception {
        DeliveryLanesRecords.lanesPartitionTheQueue(store, fixture);
    }

    @Test
    void pending_returnsQueueInEnqueueOrder_withContentAndMetadata() throws Exception {
        List<Message> messages = queue(3, "lab");

        List<QueuedDelivery> pending = store.pending("adt", "lab", 0, 10);
        assertThat(pending).extracting(QueuedDelivery::id).containsExactlyElementsOf(messages.stream().map(Message::id).toList());
        assertThat(pending).extracting(QueuedDelivery::seq).isSorted().doesNotHaveDuplicates();
        QueuedDelivery first = pending.getFirst();
        assertThat(first.content()).isEqualTo(messages.getFirst().content());
        assertThat(first.metadata()).isEqualTo(messages.getFirst().metadata());
        assertThat(first.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(first.receivedAt()).isEqualTo(T0);
        assertThat(first.channel()).isEqualTo("adt");
        assertThat(first.destination()).isEqualTo("lab");
    }

    @Test
    void sendSourceTransformed_sendsTheSourceStagesContent_storedOnce_andAResendKeepsIt() throws Exception {
        Message m = fixture.message("adt", "C1", "P1");
        byte[] transformed = "MSH|^~\\&|SOURCE-STEPS".getBytes(StandardCharsets.UTF_8);
        write(store, insert(m), new StoreWrite.AddStage(m.id(), "", Stage.TRANSFORMED, T0, null, transformed),
                new Enqueue(m.id(), "adt", "lab", null, true, 0), new Enqueue(m.id(), "adt", "archive", null, true, 0));

        assertThat(store.pending("adt", "lab", 0, 10)).singleElement()
                .satisfies(q -> assertThat(q.content()).isEqualTo(transformed));
        assertThat(store.pending("adt", "archive", 0, 10)).singleElement()
                .satisfies(q -> assertThat(q.content()).isEqualTo(transformed));

        write(store, new CompleteDelivery(m.id(), "lab", MessageStatus.ERRORED, 3, "gave up", null, T0));
        write(store, new Enqueue(m.id(), "adt", "lab", null));
        assertThat(store.pending("adt", "lab", 0, 10)).singleElement()
                .satisfies(q -> assertThat(q.content()).isEqualTo(transformed));
    }

    @Test
    void resendWithoutPayload_keepsThePayloadTheDestinationTransformerProduced() throws Exception {
        Message m = fixture.message("adt", "C1", "P1");
        byte[] transformed = "MSH|^~\\&|TRANSFORMED".getBytes(StandardCharsets.UTF_8);
        write(store, insert(m), new Enqueue(m.id(), "adt", "lab", transformed));
        write(store, new CompleteDelivery(m.id(), "lab", MessageStatus.ERRORED, 3, "gave up", null, T0));
        assertThat(store.pending("adt", "lab", 0, 10)).isEmpty();

        write(store, new Enqueue(m.id(), "adt", "lab", null));

        assertThat(store.pending("adt", "lab", 0, 10)).singleElement()
                .satisfies(q -> assertThat(q.content()).isEqualTo(transformed));
    }

    @Test
    void pending_boundsAPageByBytes_soLargeMessagesCannotFillTheHeap() throws Exception {
        byte[] large = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(large, (byte) 'x');
        List<MessageId> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Message m = fixture.message("adt", "L" + i, "P" + i);
            write(store, insert(m), new Enqueue(m.id(), "adt", "big", large));
            ids.add(m.id());
        }
        List<QueuedDelivery> page = store.pending("adt", "big", 0, 64);
        assertThat(page).hasSize(3); // 3 x 3 MB passes the 8 MB bound
        assertThat(store.pending("adt", "big", page.getLast().seq(), 64)).extracting(QueuedDelivery::id)
                .containsExactlyElementsOf(ids.subList(3, 5));
    }

    @Test
    void pending_pagesWithAfterSeq() throws Exception {
        List<Message> messages = queue(5, "lab");

        List<QueuedDelivery> page1 = store.pending("adt", "lab", 0, 2);
        List<QueuedDelivery> page2 = store.pending("adt", "lab", page1.getLast().seq(), 2);
        List<QueuedDelivery> page3 = store.pending("adt", "lab", page2.getLast().seq(), 2);
        List<QueuedDelivery> page4 = store.pending("adt", "lab", page3.getLast().seq(), 2);

        List<MessageId> seen = new ArrayList<>();
        for (List<QueuedDelivery> page : List.of(page1, page2, page3)) {
            page.forEach(q -> seen.add(q.id()));
        }
        assertThat(seen).containsExactlyElementsOf(messages.stream().map(Message::id).toList());
        assertThat(page3).hasSize(1);
        assertThat(page4).isEmpty();
    }

    @Test
    void pending_keepsDestinationsAndChannelsApart() throws Exception {
        Message m = fixture.message("adt", "C1", "P1");
        write(store, insert(m), new Enqueue(m.id(), "adt", "lab", null), new Enqueue(m.id(), "adt", "billing", null));
        Message other = fixture.message("orders", "C2", "P2");
        write(store, insert(other), new Enqueue(other.id(), "orders", "lab", null));

        assertThat(store.pending("adt", "lab", 0, 10)).extracting(QueuedDelivery::id).containsExactly(m.id());
        assertThat(store.pending("adt", "billing", 0, 10)).extracting(QueuedDelivery::id).containsExactly(m.id());
        assertThat(store.pending("orders", "lab", 0, 10)).extracting(QueuedDelivery::id).containsExactly(other.id());
        assertThat(store.queueDepth("adt", "lab")).isEqualTo(1);
        assertThat(store.queueDepth("nowhere", "lab")).isZero();
    }

    @Test
    void pending_withPayload_sendsPayloadInsteadOfReceivedContent() throws Exception {
        Message m = fixture.message("adt", "C1", "P1");
        byte[] transformed = "transformed for lab".repeat(20).getBytes(StandardCharsets.UTF_8);
        write(store, insert(m), new Enqueue(m.id(), "adt", "lab", transformed), new Enqueue(m.id(), "adt", "billing", null));

        assertThat(store.pending("adt", "lab", 0, 1).getFirst().content()).isEqualTo(transformed);
        assertThat(store.pending("adt", "billing", 0, 1).getFirst().content()).isEqualTo(m.content());
    }

    @Test
    void completedDeliveries_leaveTheQueue() throws Exception {
        List<Message> messages = queue(3, "lab");
        write(store, new CompleteDelivery(messages.get(1).id(), "lab", MessageStatus.SENT, 1, "AA", null, T0));

        assertThat(store.pending("adt", "lab", 0, 10)).extracting(QueuedDelivery::id)
                .containsExactly(messages.get(0).id(), messages.get(2).id());
        assertThat(store.queueDepth("adt", "lab")).isEqualTo(2);
    }

    @Test
    void enqueueAgain_isAResend_resetsAttemptsAndMovesToTheBack() throws Exception {
        List<Message> messages = queue(3, "lab");
        Message first = messages.getFirst();
        write(store, new RecordAttempt(first.id(), "lab", 4, "timeout"));
        long oldSeq = store.pending("adt", "lab", 0, 1).getFirst().seq();

        write(store, new Enqueue(first.id(), "adt", "lab", null));

        List<QueuedDelivery> pending = store.pending("adt", "lab", 0, 10);
        assertThat(pending).extracting(QueuedDelivery::id)
                .containsExactly(messages.get(1).id(), messages.get(2).id(), first.id());
        QueuedDelivery resent = pending.getLast();
        assertThat(resent.attempts()).isZero();
        assertThat(resent.seq()).isGreaterThan(oldSeq).isGreaterThan(pending.get(1).seq());
        assertThat(store.deliveries(first.id())).singleElement().satisfies(d -> {
            assertThat(d.attempts()).isZero();
            assertThat(d.lastError()).isNull();
        });
        assertThat(store.queueDepth("adt", "lab")).isEqualTo(3);
    }

    @Test
    void resendOfErroredMessage_requeuesAndMarksMessageQueued() throws Exception {
        Message m = queue(1, "lab").getFirst();
        write(store, new CompleteDelivery(m.id(), "lab", MessageStatus.ERRORED, 5, "gave up", null, T0));
        assertThat(store.find(m.id()).orElseThrow().status()).isEqualTo(MessageStatus.ERRORED);

        write(store, new Enqueue(m.id(), "adt", "lab", null));

        assertThat(store.find(m.id()).orElseThrow()).satisfies(s -> {
            assertThat(s.status()).isEqualTo(MessageStatus.QUEUED);
            assertThat(s.error()).isNull();
        });
        assertThat(store.deliveries(m.id())).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo(MessageStatus.QUEUED);
            assertThat(d.attempts()).isZero();
        });
        assertThat(store.pending("adt", "lab", 0, 10)).extracting(QueuedDelivery::id).containsExactly(m.id());
    }

    @Test
    void resendOfTheNewestEntry_stillGetsALargerSeq() throws Exception {
        // The newest row holds the largest seq; replacing it must not hand the same seq out again,
        // or a reader that paged past it would never see the resend.
        Message m = queue(1, "lab").getFirst();
        long seq = store.pending("adt", "lab", 0, 1).getFirst().seq();
        write(store, new CompleteDelivery(m.id(), "lab", MessageStatus.SENT, 1, "AA", null, T0));

        write(store, new Enqueue(m.id(), "adt", "lab", null));

        assertThat(store.pending("adt", "lab", seq, 10)).extracting(QueuedDelivery::id).containsExactly(m.id());
    }

    @Test
    void deliveriesWithStatus_listsIdsOldestFirst() throws Exception {
        List<Message> messages = queue(4, "lab");
        write(store, new CompleteDelivery(messages.get(2).id(), "lab", MessageStatus.ERRORED, 3, "AR", null, T0));
        write(store, new CompleteDelivery(messages.get(0).id(), "lab", MessageStatus.ERRORED, 3, "AR", null, T0));
        write(store, new CompleteDelivery(messages.get(1).id(), "lab", MessageStatus.SENT, 1, "AA", null, T0));

        assertThat(store.deliveriesWithStatus("adt", "lab", MessageStatus.ERRORED, 10))
                .containsExactly(messages.get(0).id(), messages.get(2).id());
        assertThat(store.deliveriesWithStatus("adt", "lab", MessageStatus.QUEUED, 10)).containsExactly(messages.get(3).id());
        assertThat(store.deliveriesWithStatus("adt", "lab", MessageStatus.SENT, 10)).containsExactly(messages.get(1).id());
        assertThat(store.deliveriesWithStatus("adt", "lab", MessageStatus.ERRORED, 1)).containsExactly(messages.get(0).id());
        assertThat(store.deliveriesWithStatus("adt", "billing", MessageStatus.ERRORED, 10)).isEmpty();
    }
}
