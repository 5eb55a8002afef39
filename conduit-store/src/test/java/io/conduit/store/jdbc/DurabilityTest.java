package io.conduit.store.jdbc;

import static io.conduit.store.jdbc.StoreFixture.T0;
import static io.conduit.store.jdbc.StoreFixture.insert;
import static io.conduit.store.jdbc.StoreFixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.core.message.Message;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.message.Stage;
import io.conduit.core.store.MessageQuery;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.QueuedDelivery;
import io.conduit.core.store.StageRecord;
import io.conduit.core.store.StoreWrite.AddStage;
import io.conduit.core.store.StoreWrite.CompleteDelivery;
import io.conduit.core.store.StoreWrite.Enqueue;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurabilityTest {

    @TempDir
    Path dir;
    final StoreFixture fixture = new StoreFixture();

    @Test
    void committedData_isThereAfterCloseAndReopen() throws Exception {
        Message a = fixture.message("adt", "C1", "P1");
        Message b = fixture.message("adt", "C2", "P2");
        try (MessageStore store = StoreFixture.open(dir)) {
            write(store, insert(a), new Enqueue(a.id(), "adt", "lab", null));
            write(store, insert(b), new Enqueue(b.id(), "adt", "lab", null),
                    new AddStage(b.id(), "", Stage.TRANSFORMED, T0, "v1", "x".getBytes(StandardCharsets.UTF_8)));
            write(store, new CompleteDelivery(a.id(), "lab", MessageStatus.SENT, 1, "AA", null, T0));
        }

        try (MessageStore store = StoreFixture.open(dir)) {
            assertThat(store.find(a.id()).orElseThrow().status()).isEqualTo(MessageStatus.SENT);
            assertThat(store.find(b.id()).orElseThrow().message().content()).isEqualTo(b.content());
            assertThat(store.stages(b.id())).extracting(StageRecord::stage).containsExactly(Stage.RECEIVED, Stage.TRANSFORMED, Stage.QUEUED);
            List<QueuedDelivery> pending = store.pending("adt", "lab", 0, 10);
            assertThat(pending).extracting(QueuedDelivery::id).containsExactly(b.id());
            assertThat(store.search(MessageQuery.all(10).withPatientId("P2")).items()).hasSize(1);

            // The queue continues where it was: a resend after restart goes to the back.
            write(store, new Enqueue(a.id(), "adt", "lab", null));
            assertThat(store.pending("adt", "lab", pending.getLast().seq(), 10))
                    .extracting(QueuedDelivery::id).containsExactly(a.id());
        }
    }

    @Test
    void acknowledgedWrites_surviveAProcessThatDiesWithoutClosing() throws Exception {
        Path file = dir.resolve("crash.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName(), file.toString(), "200")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
        assertThat(child.exitValue()).as("child halted after its acknowledged writes; see child.log").isEqualTo(CrashingWriter.EXIT_HALTED);

        try (MessageStore store = StoreFixture.open(SqliteStoreFactory.Settings.defaults(file))) {
            assertThat(store.queueDepth("crash", "lab")).isEqualTo(200);
        }
    }

    /** Run in a child JVM: writes, waits for the commits, then halts without closing anything. */
    static final class CrashingWriter {
        static final int EXIT_HALTED = 42;

        public static void main(String[] args) throws Exception {
            MessageStore store = StoreFixture.open(SqliteStoreFactory.Settings.defaults(new File(args[0]).toPath()));
            StoreFixture fixture = new StoreFixture();
            for (int i = 0; i < Integer.parseInt(args[1]); i++) {
                Message m = fixture.message("crash", "C" + i, "P" + i);
                store.write(List.of(insert(m), new Enqueue(m.id(), "crash", "lab", null)));
            }
            Runtime.getRuntime().halt(EXIT_HALTED); // no close, no shutdown hooks, no checkpoint
        }
    }
}
