package io.conduit.store.jdbc;

import static io.conduit.store.jdbc.StoreFixture.insert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.message.Message;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.store.MessageQuery;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.StoreException;
import io.conduit.core.store.StoreWrite;
import io.conduit.core.store.StoreWrite.Enqueue;
import io.conduit.core.store.StoreWrite.SetStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {

    @TempDir
    Path dir;
    final StoreFixture fixture = new StoreFixture();
    static final java.util.Set<Integer> BAD = java.util.Set.of(100, 150, 200);

    private List<StoreWrite> messageWrites(Message m) {
        return List.of(insert(m), new Enqueue(m.id(), m.channel(), "lab", null), new Enqueue(m.id(), m.channel(), "billing", null));
    }

    @Test
    void fiftyConcurrentSubmitters_shareFarFewerCommitsThanSubmissions() throws Exception {
        int submitters = 50;
        int perSubmitter = 40;
        try (MessageStore store = StoreFixture.open(dir)) {
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < submitters; t++) {
                    int thread = t;
                    threads.submit(() -> {
                        for (int i = 0; i < perSubmitter; i++) {
                            store.write(messageWrites(fixture.message("ch" + thread, "C" + i, "P" + i)));
                        }
                        return null;
                    });
                }
            }
            StoreStats stats = StoreStats.of(store).orElseThrow();
            int total = submitters * perSubmitter;
            assertThat(stats.submissions()).isEqualTo(total);
            assertThat(stats.writes()).isEqualTo(3L * total);
            assertThat(stats.failedSubmissions()).isZero();
            // Every submitter waits for its commit before submitting again, so at most 50 can share
            // one; far fewer commits than submissions proves they did share.
            assertThat(stats.commits()).isLessThan(total / 5);
            assertThat(stats.largestBatch()).isGreaterThan(10);
            assertThat(store.queueDepth("ch7", "lab")).isEqualTo(perSubmitter);
        }
    }

    @Test
    void aFailingSubmissionInABatch_failsOnlyItsOwnFuture() throws Exception {
        try (MessageStore store = StoreFixture.open(dir)) {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            List<Message> good = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                Message m = fixture.message("adt", "C" + i, "P" + i);
                if (BAD.contains(i)) {
                    // The message was never inserted: this submission must fail, and only it.
                    futures.add(store.submit(List.of(new SetStatus(m.id(), MessageStatus.SENT, null))));
                } else {
                    good.add(m);
                    futures.add(store.submit(messageWrites(m)));
                }
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();

            for (int i = 0; i < futures.size(); i++) {
                if (BAD.contains(i)) {
                    assertThatThrownBy(futures.get(i)::join).isInstanceOf(CompletionException.class)
                            .cause().isInstanceOf(StoreException.class).hasMessageContaining("no message");
                } else {
                    assertThat(futures.get(i)).isCompleted();
                }
            }
            for (Message m : good) {
                assertThat(store.find(m.id())).isPresent();
            }
            StoreStats stats = StoreStats.of(store).orElseThrow();
            assertThat(stats.failedSubmissions()).isEqualTo(BAD.size());
            // At least one bad submission shared its batch with good ones (all three alone is
            // practically impossible while 300 submissions arrive faster than fsyncs complete).
            assertThat(stats.retriedBatches()).as("batches retried one by one").isPositive();
        }
    }

    @Test
    void close_commitsAndCompletesEverythingSubmittedBefore() throws Exception {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        MessageStore store = StoreFixture.open(dir);
        for (int i = 0; i < 500; i++) {
            futures.add(store.submit(messageWrites(fixture.message("adt", "C" + i, "P" + i))));
        }
        store.close();

        assertThat(futures).allSatisfy(f -> assertThat(f).isCompleted());
        try (MessageStore reopened = StoreFixture.open(dir)) {
            assertThat(reopened.queueDepth("adt", "lab")).isEqualTo(500);
        }
    }

    @Test
    void submitAfterClose_failsWithStoreException() throws Exception {
        MessageStore store = StoreFixture.open(dir);
        store.close();
        store.close(); // idempotent

        assertThatThrownBy(() -> store.write(messageWrites(fixture.message("adt", "C1", "P1"))))
                .isInstanceOf(StoreException.class).hasMessageContaining("is closed");
        assertThatThrownBy(() -> store.search(MessageQuery.all(10)))
                .isInstanceOf(StoreException.class).hasMessageContaining("closed");
    }

    @Test
    void fullSubmissionQueue_blocksSubmittersUntilThereIsRoom() throws Exception {
        var settings = new SqliteStoreFactory.Settings(dir.resolve("small.db"), 1, 1, 1,
                SqliteStoreFactory.Settings.DEFAULT_BUSY_TIMEOUT, 1 << 20, 128, SqliteStoreFactory.Settings.DEFAULT_MAX_LOG_SIZE);
        try (MessageStore store = StoreFixture.open(settings)) {
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < 20; t++) {
                    int thread = t;
                    threads.submit(() -> {
                        for (int i = 0; i < 5; i++) {
                            store.write(messageWrites(fixture.message("ch" + thread, "C" + i, "P" + i)));
                        }
                        return null;
                    });
                }
                threads.shutdown();
                assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            }
            StoreStats stats = StoreStats.of(store).orElseThrow();
            assertThat(stats.submissions()).isEqualTo(100);
            assertThat(stats.largestBatch()).isEqualTo(1);
        }
    }

    @Test
    void emptySubmission_completesAtOnce() throws Exception {
        try (MessageStore store = StoreFixture.open(dir)) {
            assertThat(store.submit(List.of())).isCompleted();
        }
    }

    @Test
    void futures_neverRunCallbacksOnTheWriterThread() throws Exception {
        try (MessageStore store = StoreFixture.open(dir)) {
            String thread = store.submit(messageWrites(fixture.message("adt", "C1", "P1")))
                    .thenApply(v -> Thread.currentThread().getName()).join();
            assertThat(thread).isNotEqualTo("conduit-store-writer");
        }
    }

    @Test
    void invalidWrite_failsAtSubmitWithoutReachingTheWriter() throws Exception {
        try (MessageStore store = StoreFixture.open(dir)) {
            List<StoreWrite> writes = new ArrayList<>();
            writes.add(null);
            assertThatThrownBy(() -> store.write(writes)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("invalid store write");
            assertThat(StoreStats.of(store).orElseThrow().commits()).isZero();
        }
    }
}
