package io.conduit.store.jdbc;

import static io.conduit.store.jdbc.StoreFixture.insert;
import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.core.message.Message;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.StoreWrite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under sustained writes with readers always busy, SQLite's write-ahead log never reaches a
 * moment to start over by itself; the store restarts it once it passes {@code maxLogSize}, so the
 * file stays bounded instead of growing with everything written.
 */
class LogSizeTest {

    private static final int MESSAGES = 20_000;

    @TempDir
    Path dir;

    @Test
    void sustainedWritesWithBusyReaders_keepTheLogBounded() throws Exception {
        Path db = dir.resolve("store.db");
        Path wal = dir.resolve("store.db-wal");
        var defaults = SqliteStoreFactory.Settings.defaults(db);
        var settings = new SqliteStoreFactory.Settings(db, defaults.maxBatch(), defaults.queueCapacity(),
                defaults.readConnections(), defaults.busyTimeout(), defaults.cacheSize(), defaults.compressAbove(), 1024 * 1024);
        StoreFixture fixture = new StoreFixture();
        AtomicLong largestLog = new AtomicLong();
        AtomicBoolean writing = new AtomicBoolean(true);
        // Platform threads: the readers never block, so as virtual threads they would hold both carriers.
        try (MessageStore store = StoreFixture.open(settings); ExecutorService threads = Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().daemon(true).factory())) {
            for (int r = 0; r < 2; r++) { // delivery workers reading the queue all the time
                threads.submit(() -> {
                    while (writing.get()) {
                        store.pending("adt", "lab", 0, 64);
                    }
                    return null;
                });
            }
            threads.submit(() -> {
                while (writing.get()) {
                    largestLog.accumulateAndGet(Files.exists(wal) ? Files.size(wal) : 0, Math::max);
                    Thread.sleep(5);
                }
                return null;
            });
            try (ExecutorService submitters = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < 40; t++) {
                    int thread = t;
                    submitters.submit(() -> {
                        for (int i = thread; i < MESSAGES; i += 40) {
                            Message m = fixture.message("adt", "C" + i, "P" + (i * 7919 % 10_000));
                            store.write(List.of(insert(m), new StoreWrite.Enqueue(m.id(), "adt", "lab", null)));
                        }
                        return null;
                    });
                }
            }
            writing.set(false);
        }
        // Each message adds several pages to the log (table, five indexes, queue entry): without the
        // restart the log would hold tens of megabytes by now.
        assertThat(largestLog.get()).as("largest log seen, bytes").isLessThan(24L * 1024 * 1024);
    }
}
