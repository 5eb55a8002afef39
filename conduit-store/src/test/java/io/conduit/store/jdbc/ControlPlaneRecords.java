package io.conduit.store.jdbc;

import static io.conduit.store.jdbc.StoreFixture.T0;
import static io.conduit.store.jdbc.StoreFixture.insert;
import static io.conduit.store.jdbc.StoreFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.audit.AuditEntry;
import io.conduit.core.audit.AuditEvent;
import io.conduit.core.message.Message;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.message.Stage;
import io.conduit.core.store.ApiTokenRecord;
import io.conduit.core.store.AuditQuery;
import io.conduit.core.store.MessageQuery;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.MessageSummary;
import io.conduit.core.store.StoreException;
import io.conduit.core.store.StoreWrite;
import io.conduit.core.store.UserRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The control plane's reads and writes (users, tokens, audit search, free-text search, delivery
 * content, queue age), checked the same way on every dialect: SQLite and PostgreSQL tests call these.
 */
final class ControlPlaneRecords {

    private ControlPlaneRecords() {
    }

    static void usersAreCreatedUpdatedFieldByFieldAndDeleted(MessageStore store) throws Exception {
        UserRecord alice = new UserRecord("alice", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", "analyst", T0, false);
        write(store, new StoreWrite.CreateUser(alice), new StoreWrite.CreateUser(new UserRecord("bob", "h", "viewer", T0, false)));
        assertThat(store.user("alice")).contains(alice);
        assertThat(store.user("Alice")).isEmpty(); // names are case-sensitive
        assertThatThrownBy(() -> write(store, new StoreWrite.CreateUser(new UserRecord("alice", "x", "admin", T0, false))))
                .isInstanceOf(StoreException.class);
        assertThat(store.user("alice")).as("a second create changes nothing").contains(alice);

        // Two changes of different fields, one after the other, both stay (neither rewrites the row).
        write(store, new StoreWrite.UpdateUser("alice", "h2", null, null));
        write(store, new StoreWrite.UpdateUser("alice", null, "admin", true));
        assertThat(store.user("alice")).hasValueSatisfying(u -> {
            assertThat(u.role()).isEqualTo("admin");
            assertThat(u.disabled()).isTrue();
            assertThat(u.passwordHash()).isEqualTo("h2");
            assertThat(u.createdAt()).isEqualTo(T0);
        });
        write(store, new StoreWrite.UpdateUser("alice", null, null, false));
        assertThat(store.user("alice").orElseThrow().disabled()).isFalse();
        assertThatThrownBy(() -> write(store, new StoreWrite.UpdateUser("nobody", "h", null, null)))
                .isInstanceOf(StoreException.class).hasMessageContaining("no user 'nobody'");
        assertThat(store.users()).extracting(UserRecord::username).containsExactly("alice", "bob");
        write(store, new StoreWrite.DeleteUser("bob"), new StoreWrite.DeleteUser("nobody"));
        assertThat(store.users()).extracting(UserRecord::username).containsExactly("alice");
    }

    static void tokensAreSavedAndRevoked(MessageStore store) throws Exception {
        ApiTokenRecord older = new ApiTokenRecord("t1", "ci", "hash1", "operator", "alice", T0, T0.plusSeconds(3600));
        ApiTokenRecord newer = new ApiTokenRecord("t2", "grafana", "hash2", "viewer", "alice", T0.plusSeconds(5),
                T0.plusSeconds(7200));
        write(store, new StoreWrite.SaveToken(older), new StoreWrite.SaveToken(newer));
        assertThat(store.token("t1")).contains(older);
        assertThat(store.tokens()).containsExactly(newer, older);
        write(store, new StoreWrite.DeleteToken("t1"));
        assertThat(store.token("t1")).isEmpty();
        assertThat(store.tokens()).containsExactly(newer);
    }

    static void auditSearchFiltersAndPagesNewestFirst(MessageStore store) throws Exception {
        for (int i = 0; i < 7; i++) {
            write(store, new StoreWrite.AppendAudit(new AuditEvent(i % 2 == 0 ? "alice" : "bob", "10.0.0." + i,
                    i < 5 ? "view-content" : "login", "adt", i == 3 ? List.of("AAA", "BBB") : List.of("AAAB"), "entry " + i),
                    T0.plusSeconds(i)));
        }
        List<AuditEntry> all = store.auditSearch(new AuditQuery(null, null, null, null, null, null, null, 100));
        assertThat(all).extracting(AuditEntry::seq).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
        assertThat(store.auditSearch(new AuditQuery("alice", "view-content", null, null, null, null, null, 100)))
                .extracting(AuditEntry::seq).containsExactly(5L, 3L, 1L);
        // A message id matches whole list items only: "AAA" is not found inside "AAAB".
        assertThat(store.auditSearch(new AuditQuery(null, null, null, "BBB", null, null, null, 100)))
                .extracting(AuditEntry::seq).containsExactly(4L);
        assertThat(store.auditSearch(new AuditQuery(null, null, null, "AAA", null, null, null, 100)))
                .extracting(AuditEntry::seq).containsExactly(4L);
        assertThat(store.auditSearch(new AuditQuery(null, null, null, null, T0.plusSeconds(2), T0.plusSeconds(4), null, 100)))
                .extracting(AuditEntry::seq).containsExactly(4L, 3L);
        List<AuditEntry> firstPage = store.auditSearch(new AuditQuery(null, null, "adt", null, null, null, null, 3));
        assertThat(firstPage).extracting(AuditEntry::seq).containsExactly(7L, 6L, 5L);
        assertThat(store.auditSearch(new AuditQuery(null, null, "adt", null, null, null, firstPage.getLast().seq(), 3)))
                .extracting(AuditEntry::seq).containsExactly(4L, 3L, 2L);
    }

    static void textSearchMatchesMetadataIgnoringCaseAndWildcards(MessageStore store, StoreFixture fixture) throws Exception {
        Message smith = fixture.message("adt", "C100", "SMITH_01");
        Message other = fixture.message("adt", "C101", "SMITHX01");
        Message percent = fixture.message("adt", "C1%2", "P9");
        write(store, insert(smith), insert(other), insert(percent));
        assertThat(store.search(MessageQuery.all(10).withText("smith_01"))).satisfies(
                p -> assertThat(p.items()).extracting(MessageSummary::id).containsExactly(smith.id()));
        assertThat(store.search(MessageQuery.all(10).withText("Smith"))).satisfies(
                p -> assertThat(p.items()).extracting(MessageSummary::id).containsExactly(other.id(), smith.id()));
        assertThat(store.search(MessageQuery.all(10).withText("1%2"))).satisfies(
                p -> assertThat(p.items()).extracting(MessageSummary::id).containsExactly(percent.id()));
        assertThat(store.search(MessageQuery.all(10).withText("c1%"))).satisfies(
                p -> assertThat(p.items()).extracting(MessageSummary::id).containsExactly(percent.id()));
        // Non-ASCII letters match as written in every dialect (SQLite folds only ASCII letters).
        Message umlaut = fixture.message("adt", "C102", "MÜLLER-7");
        write(store, insert(umlaut));
        assertThat(store.search(MessageQuery.all(10).withText("MÜLLER"))).satisfies(
                p -> assertThat(p.items()).extracting(MessageSummary::id).containsExactly(umlaut.id()));
        assertThat(store.search(MessageQuery.all(10).withText("mÜller-7"))).satisfies(
                p -> assertThat(p.items()).extracting(MessageSummary::id).containsExactly(umlaut.id()));
    }

    static void deliveryContentAndQueueHead(MessageStore store, StoreFixture fixture) throws Exception {
        Message m = fixture.message("adt", "C200", "P200");
        byte[] transformed = "transformed by the source steps".repeat(5).getBytes(StandardCharsets.UTF_8);
        byte[] own = "the lab's own payload".getBytes(StandardCharsets.UTF_8);
        assertThat(store.oldestQueued("adt", "lab")).isEmpty();
        write(store, insert(m), new StoreWrite.AddStage(m.id(), "", Stage.TRANSFORMED, T0, null, transformed),
                new StoreWrite.Enqueue(m.id(), "adt", "archive", null, true, 0), new StoreWrite.Enqueue(m.id(), "adt", "lab", own),
                new StoreWrite.Enqueue(m.id(), "adt", "raw", null));
        assertThat(store.deliveryContent(m.id(), "archive")).hasValueSatisfying(c -> assertThat(c).isEqualTo(transformed));
        assertThat(store.deliveryContent(m.id(), "lab")).hasValueSatisfying(c -> assertThat(c).isEqualTo(own));
        assertThat(store.deliveryContent(m.id(), "raw")).hasValueSatisfying(c -> assertThat(c).isEqualTo(m.content()));
        assertThat(store.deliveryContent(m.id(), "nowhere")).isEmpty();
        assertThat(store.oldestQueued("adt", "lab")).contains(m.receivedAt());
        write(store, new StoreWrite.CompleteDelivery(m.id(), "lab", MessageStatus.SENT, 1, "AA", null, T0));
        assertThat(store.oldestQueued("adt", "lab")).isEmpty();
        // Still readable after delivery: the operator looks at what was sent.
        assertThat(store.deliveryContent(m.id(), "lab")).hasValueSatisfying(c -> assertThat(c).isEqualTo(own));
    }
}
