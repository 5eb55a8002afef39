package io.conduit.store.jdbc;

import static io.conduit.store.jdbc.StoreFixture.T0;
import static io.conduit.store.jdbc.StoreFixture.insert;
import static io.conduit.store.jdbc.StoreFixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.core.message.Message;
import io.conduit.core.message.MessageId;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.store.DeliveryLane;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.QueuedDelivery;
import io.conduit.core.store.StoreWrite.CompleteDelivery;
import io.conduit.core.store.StoreWrite.Enqueue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Delivery lanes against a real store, shared by the SQLite and PostgreSQL tests. */
final class DeliveryLanesRecords {

    private DeliveryLanesRecords() {
    }

    /**
     * Three lanes split one queue: every entry is in exactly one lane, each lane in queue order;
     * paging within a lane continues after its own last entry; a resend (null lane) keeps its lane.
     * Entries queued under one lane move to their lanes when a destination gets three, and back.
     */
    static void lanesPartitionTheQueue(MessageStore store, StoreFixture fixture) throws Exception {
        List<MessageId> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Message m = fixture.message("adt", "LN" + i, "P" + (i % 7));
            write(store, insert(m), new Enqueue(m.id(), "adt", "ehr", null, false, 0)); // queued with one lane
            all.add(m.id());
        }
        assertThat(store.pending("adt", "ehr", new DeliveryLane(1, 3), 0, 100)).as("not assigned yet").isEmpty();
        java.util.function.ToIntFunction<io.conduit.core.message.Metadata> laneOf =
                md -> DeliveryLane.of(md.getOrNull("patientId"), 3);
        store.assignLanes("adt", "ehr", 3, laneOf);
        store.assignLanes("adt", "ehr", 3, laneOf); // again: nothing moves
        Set<MessageId> seen = new HashSet<>();
        for (int lane = 0; lane < 3; lane++) {
            DeliveryLane l = new DeliveryLane(lane, 3);
            List<QueuedDelivery> entries = store.pending("adt", "ehr", l, 0, 100);
            assertThat(entries).extracting(QueuedDelivery::seq).isSorted();
            for (QueuedDelivery q : entries) {
                assertThat(DeliveryLane.of(q.metadata().getOrNull("patientId"), 3)).as("entry in its lane").isEqualTo(lane);
                assertThat(seen.add(q.id())).as("in one lane only").isTrue();
            }
            if (entries.size() > 2) { // paging continues after the lane's own last entry
                List<QueuedDelivery> rest = store.pending("adt", "ehr", l, entries.get(1).seq(), 100);
                assertThat(rest).extracting(QueuedDelivery::id).containsExactlyElementsOf(
                        entries.subList(2, entries.size()).stream().map(QueuedDelivery::id).toList());
            }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(all);

        MessageId resent = all.get(4); // patient P4
        DeliveryLane laneOfP4 = new DeliveryLane(DeliveryLane.of("P4", 3), 3);
        write(store, new CompleteDelivery(resent, "ehr", MessageStatus.ERRORED, 3, "gave up", null, T0));
        assertThat(store.pending("adt", "ehr", laneOfP4, 0, 100)).extracting(QueuedDelivery::id).doesNotContain(resent);
        write(store, new Enqueue(resent, "adt", "ehr", null));
        assertThat(store.pending("adt", "ehr", laneOfP4, 0, 100)).extracting(QueuedDelivery::id).as("back in P4's lane, last")
                .endsWith(resent);

        store.assignLanes("adt", "ehr", 1, md -> 0); // one lane again: the whole queue in order
        List<MessageId> expected = new ArrayList<>(all);
        expected.remove(resent);
        expected.add(resent);
        assertThat(store.pending("adt", "ehr", DeliveryLane.ALL, 0, 100)).extracting(QueuedDelivery::id)
                .containsExactlyElementsOf(expected);
    }
}
