package io.conduit.store.jdbc;

import static io.conduit.store.jdbc.StoreFixture.T0;
import static io.conduit.store.jdbc.StoreFixture.insert;
import static io.conduit.store.jdbc.StoreFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.config.ConfigNode;
import io.conduit.core.message.Message;
import io.conduit.core.message.MessageId;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.message.Stage;
import io.conduit.core.store.MessageQuery;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.MessageSummary;
import io.conduit.core.store.Page;
import io.conduit.core.store.QueuedDelivery;
import io.conduit.core.store.StageRecord;
import io.conduit.core.store.StoreException;
import io.conduit.core.store.StoreWrite;
import io.conduit.core.store.StoreWrite.CompleteDelivery;
import io.conduit.core.store.StoreWrite.Enqueue;
import io.conduit.core.store.StoreWrite.RecordAttempt;
import io.conduit.core.store.StoreWrite.SetStatus;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The same store on a real PostgreSQL (the one at 127.0.0.1:5432, database {@code test}, trust
 * auth; override with CONDUIT_TEST_PG_URL / CONDUIT_TEST_PG_USER / CONDUIT_TEST_PG_PASSWORD). When no
 * server answers, the tests fail and say how to start one: {@code .ci/run} does it. Each test gets
 * its own schema, dropped afterwards.
 */
class PostgresStoreTest {

    static final String URL = System.getenv().getOrDefault("CONDUIT_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = System.getenv().getOrDefault("CONDUIT_TEST_PG_USER", "postgres");
    static final String PASSWORD = System.getenv("CONDUIT_TEST_PG_PASSWORD");
    static boolean available;

    final StoreFixture fixture = new StoreFixture();
    String schema;
    MessageStore store;

    @BeforeAll
    static void probe() {
        try (Connection c = DriverManager.getConnection(URL + "?connectTimeout=2", USER, PASSWORD)) {
            available = c.isValid(2);
        } catch (Exception e) {
            available = false;
        }
    }

    @BeforeEach
    void open() throws StoreException {
        if (!available) {
            org.junit.jupiter.api.Assertions.fail("no PostgreSQL answers at " + URL + " as " + USER
                    + ": run the tests through .ci/run (it starts one), or start yours (e.g. pg_ctlcluster 15 main start)"
                    + " and point CONDUIT_TEST_PG_URL/_USER/_PASSWORD at it");
        }
        schema = "conduit_test_" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        store = open(schema);
    }

    MessageStore open(String name) throws StoreException {
        return new PostgresStoreFactory(InstantSource.fixed(T0)).open(PostgresStoreFactory.Settings.defaults(URL, USER, PASSWORD, name));
    }

    @AfterEach
    void drop() throws Exception {
        if (store != null) {
            store.close();
        }
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    @AfterAll
    static void done() {
        // nothing shared to release; schemas are dropped per test
    }

    @Test
    void controlPlaneRecords_usersTokensAuditSearchTextSearchDeliveryContent() throws Exception {
        ControlPlaneRecords.usersAreCreatedUpdatedFieldByFieldAndDeleted(store);
        ControlPlaneRecords.tokensAreSavedAndRevoked(store);
        ControlPlaneRecords.auditSearchFiltersAndPagesNewestFirst(store);
        ControlPlaneRecords.textSearchMatchesMetadataIgnoringCaseAndWildcards(store, fixture);
        ControlPlaneRecords.deliveryContentAndQueueHead(store, fixture);
    }

    @Test
    void lanes_partitionTheQueueByLaneHash_andAResendKeepsItsLane() throws Exception {
        DeliveryLanesRecords.lanesPartitionTheQueue(store, fixture);
    }

    @Test
    void messageLifecycle_insertEnqueueAttemptComplete() throws Exception {
        Message m = fixture.message("adt", "C1", "P1");
        byte[] payload = "transformed".repeat(30).getBytes(StandardCharsets.UTF_8);
        write(store, insert(m), new Enqueue(m.id(), "adt", "lab", payload), new Enqueue(m.id(), "adt", "billing", null));
        write(store, new RecordAttempt(m.id(), "lab", 1, "refused"));

        List<QueuedDelivery> lab = store.pending("adt", "lab", 0, 10);
        assertThat(lab).singleElement().satisfies(q -> {
            assertThat(q.content()).isEqualTo(payload);
            assertThat(q.attempts()).isEqualTo(1);
            assertThat(q.metadata()).isEqualTo(m.metadata());
        });
        assertThat(store.pending("adt", "billing", 0, 10).getFirst().content()).isEqualTo(m.content());
        assertThat(store.find(m.id()).orElseThrow().status()).isEqualTo(MessageStatus.QUEUED);

        write(store, new CompleteDelivery(m.id(), "lab", MessageStatus.SENT, 2, "AA", "ACK".getBytes(StandardCharsets.UTF_8), T0));
        assertThat(store.find(m.id()).orElseThrow().status()).isEqualTo(MessageStatus.QUEUED);
        write(store, new CompleteDelivery(m.id(), "billing", MessageStatus.SENT, 1, "AA", null, T0));
        assertThat(store.find(m.id()).orElseThrow().status()).isEqualTo(MessageStatus.SENT);
        assertThat(store.stages(m.id())).extracting(StageRecord::stage).containsExactly(Stage.RECEIVED, Stage.QUEUED, Stage.QUEUED, Stage.SENT, Stage.SENT);
        assertThat(store.queueDepth("adt", "lab")).isZero();
    }

    @Test
    void sendSourceTransformed_sendsTheSourceStagesContent_andAResendKeepsIt() throws Exception {
        Message m = fixture.message("adt", "C2", "P2");
        byte[] transformed = "source steps output".repeat(10).getBytes(StandardCharsets.UTF_8);
        write(store, insert(m), new StoreWrite.AddStage(m.id(), "", Stage.TRANSFORMED, T0, null, transformed),
                new Enqueue(m.id(), "adt", "lab", null, true, 0));
        assertThat(store.pending("adt", "lab", 0, 10)).singleElement().satisfies(q -> assertThat(q.content()).isEqualTo(transformed));

        write(store, new CompleteDelivery(m.id(), "lab", MessageStatus.ERRORED, 3, "gave up", null, T0));
        write(store, new Enqueue(m.id(), "adt", "lab", null));
        assertThat(store.pending("adt", "lab", 0, 10)).singleElement().satisfies(q -> assertThat(q.content()).isEqualTo(transformed));
    }

    @Test
    void auditEntries_areChained_andVerify() throws Exception {
        for (String action : List.of("resend", "redeploy", "view-content")) {
            write(store, new StoreWrite.AppendAudit(new io.conduit.core.audit.AuditEvent("alice", "10.0.0.5", action, "adt",
                    List.of("0AMN0000000001"), "detail of " + action), T0));
        }
        List<io.conduit.core.audit.AuditEntry> entries = store.audit(0, 10);
        assertThat(entries).extracting(e -> e.event().action()).containsExactly("resend", "redeploy", "view-content");
        assertThat(entries).extracting(io.conduit.core.audit.AuditEntry::seq).containsExactly(1L, 2L, 3L);
        assertThat(entries.get(1).previousHash()).isEqualTo(entries.get(0).hash());
        io.conduit.core.audit.AuditChain.Verifier verifier = new io.conduit.core.audit.AuditChain.Verifier();
        assertThat(entries).allMatch(verifier::next);
        assertThat(store.audit(2, 10)).singleElement().satisfies(e -> assertThat(e.seq()).isEqualTo(3));
    }

    @Test
    void serverDroppingTheConnections_storeReconnects_andWritesAndReadsGoOn() throws Exception {
        Message before = fixture.message("adt", "C1", "P1");
        write(store, insert(before));
        assertThat(store.find(before.id())).isPresent();

        // What a PostgreSQL restart or failover does to the store's sessions.
        try (Connection admin = DriverManager.getConnection(URL, USER, PASSWORD); Statement st = admin.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    + "WHERE application_name = 'conduit-store' AND datname = current_database() AND pid <> pg_backend_pid()")) {
                rs.next();
                assertThat(rs.getInt(1)).as("store sessions terminated").isGreaterThanOrEqualTo(2);
            }
        }

        Message after = fixture.message("adt", "C2", "P2");
        write(store, insert(after));
        assertThat(store.find(after.id())).isPresent();
        assertThat(store.find(before.id())).isPresent();
    }

    @Test
    void enqueueAgain_isAResendAtTheBackOfTheQueue() throws Exception {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Message m = fixture.message("adt", "C" + i, "P" + i);
            write(store, insert(m), new Enqueue(m.id(), "adt", "lab", null));
            messages.add(m);
        }
        write(store, new CompleteDelivery(messages.get(0).id(), "lab", MessageStatus.ERRORED, 5, "gave up", null, T0));
        assertThat(store.deliveriesWithStatus("adt", "lab", MessageStatus.ERRORED, 10)).containsExactly(messages.get(0).id());

        write(store, new Enqueue(messages.get(0).id(), "adt", "lab", null));

        assertThat(store.pending("adt", "lab", 0, 10)).extracting(QueuedDelivery::id)
                .containsExactly(messages.get(1).id(), messages.get(2).id(), messages.get(0).id());
        assertThat(store.find(messages.get(0).id()).orElseThrow().status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(store.deliveries(messages.get(0).id()).getFirst().attempts()).isZero();
    }

    @Test
    void search_filtersAndPages() throws Exception {
        List<StoreWrite> writes = new ArrayList<>();
        List<MessageId> pat1 = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Message m = fixture.message(i % 2 == 0 ? "adt" : "orders", "C" + i, "P" + (i % 3));
            writes.add(insert(m));
            if (i % 3 == 1) {
                pat1.add(0, m.id());
            }
        }
        store.write(writes);

        assertThat(store.search(MessageQuery.all(100).withPatientId("P1")).items()).extracting(MessageSummary::id)
                .containsExactlyElementsOf(pat1);
        assertThat(store.search(MessageQuery.all(100).withControlId("C7")).items()).hasSize(1);
        assertThat(store.search(MessageQuery.all(100).withChannel("orders")).items()).hasSize(12);
        assertThat(store.search(MessageQuery.all(100).withStatus(MessageStatus.RECEIVED)).items()).hasSize(25);
        List<MessageId> seen = new ArrayList<>();
        MessageQuery query = MessageQuery.all(10);
        while (true) {
            Page<MessageSummary> page = store.search(query);
            page.items().forEach(s -> seen.add(s.id()));
            if (page.next().isEmpty()) {
                break;
            }
            query = query.withBefore(page.next().get());
        }
        assertThat(seen).hasSize(25).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void aFailingSubmission_failsAloneAndLeavesTheOthersCommitted() throws Exception {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Message m = fixture.message("adt", "C" + i, "P" + i);
            futures.add(i == 25 ? store.submit(List.of(new SetStatus(m.id(), MessageStatus.SENT, null)))
                    : store.submit(List.of(insert(m), new Enqueue(m.id(), "adt", "lab", null))));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();

        assertThat(futures.get(25)).isCompletedExceptionally();
        assertThat(futures).filteredOn(f -> f != futures.get(25)).allSatisfy(f -> assertThat(f).isCompleted());
        assertThat(store.queueDepth("adt", "lab")).isEqualTo(49);
    }

    @Test
    void content_roundTripsLargeAndEmpty_andSurvivesReopen() throws Exception {
        byte[] big = new byte[1024 * 1024];
        new Random(3).nextBytes(big);
        Message empty = fixture.message("adt", new byte[0], StandardCharsets.ISO_8859_1, m().metadata());
        Message large = fixture.message("adt", big, StandardCharsets.UTF_8, m().metadata());
        write(store, insert(empty), insert(large));
        store.close();
        store = open(schema);

        assertThat(store.find(empty.id()).orElseThrow().message().content()).isEmpty();
        assertThat(store.find(empty.id()).orElseThrow().message().charset()).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(store.find(large.id()).orElseThrow().message().content()).isEqualTo(big);
    }

    @Test
    void settings_readFromYaml_hideThePassword() throws Exception {
        var settings = new PostgresStoreFactory().settings(ConfigNode.parse("""
                url: jdbc:postgresql://db:5432/conduit?sslmode=require
                user: conduit
                password: ${PGPASS}
                schema: engine
                """, "server.yaml", name -> name.equals("PGPASS") ? "s3cret" : null), Path.of("."));

        assertThat(settings.password()).isEqualTo("s3cret");
        assertThat(settings.schema()).isEqualTo("engine");
        assertThat(settings.toString()).doesNotContain("s3cret").doesNotContain("sslmode");
        assertThatThrownBy(() -> new PostgresStoreFactory().settings(ConfigNode.parse("url: jdbc:mysql://x\nuser: u\n",
                "server.yaml", name -> null), Path.of("."))).hasMessageContaining("PostgreSQL JDBC URL");
    }

    private Message m() {
        return fixture.message("adt", "C", "P");
    }
}
