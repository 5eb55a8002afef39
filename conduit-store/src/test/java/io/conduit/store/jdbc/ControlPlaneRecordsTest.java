package io.conduit.store.jdbc;

import io.conduit.core.store.MessageStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ControlPlaneRecords} on SQLite; PostgresStoreTest runs the same checks on PostgreSQL. */
class ControlPlaneRecordsTest {

    @TempDir
    Path dir;
    MessageStore store;
    final StoreFixture fixture = new StoreFixture();

    @BeforeEach
    void open() throws Exception {
        store = StoreFixture.open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void users_areCreatedUpdatedFieldByFieldAndDeleted() throws Exception {
        ControlPlaneRecords.usersAreCreatedUpdatedFieldByFieldAndDeleted(store);
    }

    @Test
    void tokens_areSavedAndRevoked() throws Exception {
        ControlPlaneRecords.tokensAreSavedAndRevoked(store);
    }

    @Test
    void auditSearch_filtersAndPagesNewestFirst() throws Exception {
        ControlPlaneRecords.auditSearchFiltersAndPagesNewestFirst(store);
    }

    @Test
    void textSearch_matchesMetadataIgnoringCaseAndWildcards() throws Exception {
        ControlPlaneRecords.textSearchMatchesMetadataIgnoringCaseAndWildcards(store, fixture);
    }

    @Test
    void deliveryContent_andQueueHead() throws Exception {
        ControlPlaneRecords.deliveryContentAndQueueHead(store, fixture);
    }
}
