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
     * Three lanes split one queue: every entry is in exactly one lane, by its lane hash, each lane
     * in queue order; paging within a lane continues after its own last entry; a resend (null lane
     * hash) keeps its lane, and the whole queue still reads as one.
     */
    static void lanesPartitionTheQueue(MessageStore store, StoreFixture fixture) throws Exception {
        List<MessageId> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Message m = fixture.message("adt", "LN" + i, "P" + (i % 7));
            int hash = DeliveryLane.hash("P" + (i % 7));
            write(store, insert(m), new Enqueue(m.id(), "adt", "ehr", null, false, hash));
            all.add(m.id());
        }
        Set<MessageId> seen = new HashSet<>();
        for (int lane = 0; lane < 3; lane++) {
            DeliveryLane l = new DeliveryLane(lane, 3);
            List<QueuedDelivery> entries = store.pending("adt", "ehr", l, 0, 100);
            assertThat(entries).extracting(QueuedDelivery::seq).isSorted();
            for (QueuedDelivery q : entries) {
                assertThat(DeliveryLane.hash(q.metadata().getOrNull("patientId")) % 3).as("entry in its lane").isEqualTo(lane);
                assertThat(seen.add(q.id())).as("in one lane only").isTrue();
            }
            if (entries.size() > 2) { // paging continues after the lane's own last entry
                List<QueuedDelivery> rest = store.pending("adt", "ehr", l, entries.get(1).seq(), 100);
                assertThat(rest).extracting(QueuedDelivery::id).containsExactlyElementsOf(
                        entries.subList(2, entries.size()).stream().map(QueuedDelivery::id).toList());
            }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(all);
        assertThat(store.pending("adt", "ehr", 0, 100)).extracting(QueuedDelivery::id).containsExactlyElementsOf(all);

        MessageId resent = all.get(4); // patient P4
        DeliveryLane laneOfP4 = new DeliveryLane(DeliveryLane.hash("P4") % 3, 3);
        write(store, new CompleteDelivery(resent, "ehr", MessageStatus.ERRORED, 3, "gave up", null, T0));
        assertThat(store.pending("adt", "ehr", laneOfP4, 0, 100)).extracting(QueuedDelivery::id).doesNotContain(resent);
        write(store, new Enqueue(resent, "adt", "ehr", null));
        assertThat(store.pending("adt", "ehr", laneOfP4, 0, 100)).extracting(QueuedDelivery::id).as("back in P4's lane, last")
                .endsWith(resent);
    }
}
