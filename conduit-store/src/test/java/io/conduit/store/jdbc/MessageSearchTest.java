package io.conduit.store.jdbc;

import static io.conduit.store.jdbc.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.core.message.Message;
import io.conduit.core.message.MessageId;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.message.Metadata;
import io.conduit.core.store.MessageQuery;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.MessageSummary;
import io.conduit.core.store.Page;
import io.conduit.core.store.StoreException;
import io.conduit.core.store.StoreWrite;
import io.conduit.core.store.StoreWrite.InsertMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageSearchTest {

    @TempDir
    Path dir;
    MessageStore store;
    final StoreFixture fixture = new StoreFixture();
    final List<Message> all = new ArrayList<>();

    /** 30 messages: channels adt/orders alternate, received one minute apart, types A01/A08/O01. */
    @BeforeEach
    void fill() throws StoreException {
        store = StoreFixture.open(dir);
        List<StoreWrite> writes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String type = i % 3 == 0 ? "ADT^A01" : i % 3 == 1 ? "ADT^A08" : "ORM^O01";
            Metadata md = Metadata.builder().put(Metadata.MESSAGE_TYPE, type).put(Metadata.CONTROL_ID, "CTRL" + i)
                    .put(Metadata.PATIENT_ID, "PAT" + (i % 5)).build();
            Message base = fixture.message(i % 2 == 0 ? "adt" : "orders", ("msg " + i).getBytes(StandardCharsets.UTF_8),
                    StandardCharsets.UTF_8, md);
            Message m = new Message(base.id(), base.channel(), T0.plusSeconds(60L * i), base.content(), base.charset(),
                    base.dataType(), base.metadata(), base.origin());
            MessageStatus status = i % 10 == 9 ? MessageStatus.ERRORED : i % 10 == 8 ? MessageStatus.FILTERED : MessageStatus.RECEIVED;
            writes.add(new InsertMessage(m, status, status == MessageStatus.ERRORED ? "bad" : null));
            all.add(m);
        }
        store.write(writes);
        all.sort(Comparator.comparing(Message::id).reversed());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private List<MessageId> expected(java.util.function.Predicate<Message> filter) {
        return all.stream().filter(filter).map(Message::id).toList();
    }

    private List<MessageId> ids(Page<MessageSummary> page) {
        return page.items().stream().map(MessageSummary::id).toList();
    }

    @Test
    void search_all_newestFirst_withSummaryFields() throws Exception {
        Page<MessageSummary> page = store.search(MessageQuery.all(100));

        assertThat(ids(page)).containsExactlyElementsOf(expected(m -> true));
        assertThat(page.next()).isEmpty();
        MessageSummary newest = page.items().getFirst();
        Message m = all.getFirst();
        assertThat(newest.channel()).isEqualTo(m.channel());
        assertThat(newest.receivedAt()).isEqualTo(m.receivedAt());
        assertThat(newest.dataType()).isEqualTo("hl7v2");
        assertThat(newest.metadata()).isEqualTo(m.metadata());
        assertThat(newest.size()).isEqualTo(m.content().length);
        assertThat(newest.status()).isEqualTo(MessageStatus.ERRORED);
        assertThat(newest.error()).isEqualTo("bad");
    }

    @Test
    void search_byChannel() throws Exception {
        assertThat(ids(store.search(MessageQuery.all(100).withChannel("orders"))))
                .containsExactlyElementsOf(expected(m -> m.channel().equals("orders")));
    }

    @Test
    void search_byTimeRange_fromInclusiveToExclusive() throws Exception {
        Instant from = T0.plusSeconds(60 * 10);
        Instant to = T0.plusSeconds(60 * 20);
        assertThat(ids(store.search(MessageQuery.all(100).withTimeRange(from, to))))
                .hasSize(10)
                .containsExactlyElementsOf(expected(m -> !m.receivedAt().isBefore(from) && m.receivedAt().isBefore(to)));
    }

    @Test
    void search_byStatus() throws Exception {
        assertThat(ids(store.search(MessageQuery.all(100).withStatus(MessageStatus.ERRORED)))).hasSize(3);
        assertThat(ids(store.search(MessageQuery.all(100).withStatus(MessageStatus.FILTERED)))).hasSize(3);
        assertThat(ids(store.search(MessageQuery.all(100).withStatus(MessageStatus.RECEIVED)))).hasSize(24);
        assertThat(ids(store.search(MessageQuery.all(100).withStatus(MessageStatus.SENT)))).isEmpty();
    }

    @Test
    void search_byMessageType() throws Exception {
        assertThat(ids(store.search(MessageQuery.all(100).withMessageType("ORM^O01"))))
                .containsExactlyElementsOf(expected(m -> m.metadata().getOrNull(Metadata.MESSAGE_TYPE).equals("ORM^O01")));
    }

    @Test
    void search_byControlId() throws Exception {
        assertThat(ids(store.search(MessageQuery.all(100).withControlId("CTRL7"))))
                .containsExactlyElementsOf(expected(m -> m.metadata().getOrNull(Metadata.CONTROL_ID).equals("CTRL7")));
    }

    @Test
    void search_byPatientId() throws Exception {
        assertThat(ids(store.search(MessageQuery.all(100).withPatientId("PAT3"))))
                .hasSize(6)
                .containsExactlyElementsOf(expected(m -> m.metadata().getOrNull(Metadata.PATIENT_ID).equals("PAT3")));
    }

    @Test
    void search_combinedFilters() throws Exception {
        assertThat(ids(store.search(MessageQuery.all(100).withChannel("adt").withPatientId("PAT0"))))
                .containsExactlyElementsOf(expected(m -> m.channel().equals("adt")
                        && m.metadata().getOrNull(Metadata.PATIENT_ID).equals("PAT0")));
    }

    @Test
    void search_pagesAcrossPagesWithTheCursor() throws Exception {
        List<MessageId> seen = new ArrayList<>();
        MessageQuery query = MessageQuery.all(7);
        int pages = 0;
        while (true) {
            Page<MessageSummary> page = store.search(query);
            pages++;
            seen.addAll(ids(page));
            if (page.next().isEmpty()) {
                break;
            }
            assertThat(page.items()).hasSize(7);
            query = query.withBefore(page.next().get());
        }
        assertThat(pages).isEqualTo(5);
        assertThat(seen).containsExactlyElementsOf(expected(m -> true));
    }

    @Test
    void search_exactlyFullLastPage_hasNoNextCursor() throws Exception {
        Page<MessageSummary> first = store.search(MessageQuery.all(15));
        Page<MessageSummary> second = store.search(MessageQuery.all(15).withBefore(first.next().orElseThrow()));

        assertThat(second.items()).hasSize(15);
        assertThat(second.next()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "patient_id = 'PAT1',             messages_patient_id",
            "control_id = 'CTRL1',            messages_control_id",
            "message_type = 'ADT^A01',        messages_message_type",
            "channel = 'adt',                 messages_channel",
            "status = 'E' AND status <> 'S',  messages_open_status",
    })
    void search_filtersUseTheirIndex_withoutSorting(String where, String index) throws Exception {
        // The plan, not the timing, is what keeps search fast at a million rows; a 1M-row timing
        // is in conduit-bench (StoreAppendBenchmark).
        String plan = plan("SELECT id FROM messages WHERE " + where + " AND id < 9223372036854775807 ORDER BY id DESC LIMIT 51");
        assertThat(plan).contains(index).doesNotContain("TEMP B-TREE");
    }

    @Test
    void queueRead_usesThePartialQueueIndex() throws Exception {
        String plan = plan(StatementSet.load("sqlite").get("pending").replace("?", "1")
                .replace("d.channel = 1", "d.channel = 'a'").replace("d.destination = 1", "d.destination = 'b'"));
        assertThat(plan).contains("deliveries_queue").doesNotContain("TEMP B-TREE");
    }

    private String plan(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("store.db"));
             PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql);
             ResultSet rs = ps.executeQuery()) {
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString("detail")).append('\n');
            }
            return plan.toString();
        }
    }
}
