package io.conduit.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.connector.Source;
import io.conduit.core.connector.SourceContext;
import io.conduit.files.ScriptedReceiver.Answer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    private final ScriptedReceiver receiver = new ScriptedReceiver();
    private final List<Source> started = new ArrayList<>();

    @AfterEach
    void stopSources() {
        started.forEach(Source::stop);
    }

    private Path inbox() {
        return dataDir.resolve("in");
    }

    private Path processed() {
        return inbox().resolve("processed");
    }

    private Path error() {
        return inbox().resolve("error");
    }

    /** Fast settings by default (poll every 20 ms, take files on first sight), which {@code extra} may override. */
    private static String yaml(String extra) {
        StringBuilder yaml = new StringBuilder("directory: in\n");
        if (!extra.contains("pollInterval:")) {
            yaml.append("pollInterval: 20ms\n");
        }
        if (!extra.contains("stableFor:")) {
            yaml.append("stableFor: 0ms\n");
        }
        return yaml.append(extra).toString();
    }

    private SourceContext context() {
        return new SourceContext("lab", new SegmentDataType(), receiver, dataDir, InstantSource.system());
    }

    private Source start(String extra) throws Exception {
        return start(extra, new LocalFileStorage());
    }

    private Source start(String extra, FileStorage storage) throws Exception {
        ConfigNode node = ConfigNode.parse(yaml(extra), "channels/lab.yaml", System::getenv);
        Source source = new FileSource(FileSourceSettings.read(node, dataDir), context(), storage);
        source.start();
        started.add(source);
        return source;
    }

    private Path write(String name, String content) throws IOException {
        Files.createDirectories(inbox());
        return Files.writeString(inbox().resolve(name), content);
    }

    private static List<String> names(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void poll_onlyFilesMatchingTheGlob_arePickedUp() throws Exception {
        write("a.hl7", "MSH|a");
        write("b.txt", "MSH|b");

        start("glob: \"*.hl7\"");

        await().atMost(WAIT).until(() -> names(processed()).contains("a.hl7"));
        assertThat(receiver.texts()).containsExactly("MSH|a");
        assertThat(names(inbox())).containsExactly("b.txt");
    }

    @Test
    void poll_fileStillGrowing_isReadOnlyOnceStable() throws Exception {
        Files.createDirectories(inbox());
        Path file = inbox().resolve("growing.hl7");
        StringBuilder expected = new StringBuilder();
        start("stableFor: 300ms");

        // Appends every 25 ms for half a second: far inside stableFor, so the file never looks done.
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            for (int i = 0; i < 20; i++) {
                String line = "OBX|" + i + "\n";
                expected.append(line);
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(25);
                assertThat(receiver.received()).as("nothing may be read while the file grows").isEmpty();
            }
        }

        await().atMost(WAIT).until(() -> receiver.received().size() == 1);
        assertThat(receiver.texts()).containsExactly(expected.toString().strip());
        await().atMost(WAIT).until(() -> names(processed()).contains("growing.hl7"));
    }

    @Test
    void poll_allAccepted_movesTheFileToProcessed() throws Exception {
        Path file = write("a.hl7", "MSH|a");

        start("");

        await().atMost(WAIT).until(() -> names(processed()).equals(List.of("a.hl7")));
        assertThat(file).doesNotExist();
        assertThat(receiver.received()).singleElement()
                .isEqualTo(new ScriptedReceiver.Received("MSH|a", "file:" + file.toAbsolutePath()));
    }

    @Test
    void poll_allAcceptedWithAfterReadDelete_deletesTheFile() throws Exception {
        Path file = write("a.hl7", "MSH|a");

        start("afterRead: delete");

        await().atMost(WAIT).until(() -> !Files.exists(file));
        assertThat(receiver.texts()).containsExactly("MSH|a");
        assertThat(names(processed())).isEmpty();
        assertThat(names(error())).isEmpty();
    }

    @Test
    void poll_batchFile_handsOverEveryMessageInOrder() throws Exception {
        write("batch.hl7", "MSH|1\n\nMSH|2\n\nMSH|3\n");

        start("");

        await().atMost(WAIT).until(() -> names(processed()).contains("batch.hl7"));
        assertThat(receiver.texts()).containsExactly("MSH|1", "MSH|2", "MSH|3");
    }

    @Test
    void poll_splitOff_handsOverTheWholeFileAsOneMessage() throws Exception {
        write("batch.hl7", "MSH|1\n\nMSH|2");

        start("split: false");

        await().atMost(WAIT).until(() -> names(processed()).contains("batch.hl7"));
        assertThat(receiver.texts()).containsExactly("MSH|1\n\nMSH|2");
    }

    @Test
    void poll_oneMessageOfBatchRejected_movesTheFileToError() throws Exception {
        receiver.answer(text -> text.equals("MSH|2") ? Answer.REJECT : Answer.ACCEPT);
        write("batch.hl7", "MSH|1\n\nMSH|2\n\nMSH|3");

        start("");

        await().atMost(WAIT).until(() -> names(error()).contains("batch.hl7"));
        assertThat(receiver.texts()).as("the rest of the batch is still stored").containsExactly("MSH|1", "MSH|2", "MSH|3");
        assertThat(names(processed())).isEmpty();
    }

    @Test
    void poll_brokenBatch_movesTheFileToErrorWithoutHandingAnythingOver() throws Exception {
        write("broken.hl7", "MSH|1\n\nBROKEN");
        write("good.hl7", "MSH|2");

        start("");

        await().atMost(WAIT).until(() -> names(error()).contains("broken.hl7") && names(processed()).contains("good.hl7"));
        assertThat(receiver.texts()).containsExactly("MSH|2");
        assertThat(receiver.rejections()).singleElement().satisfies(r -> {
            assertThat(r.text()).contains("batch trailer missing");
            assertThat(r.origin()).isEqualTo("file:" + inbox().resolve("broken.hl7").toAbsolutePath());
        });
    }

    @Test
    void poll_brokenBatchWhileStoreDown_staysUntilItCanBeRecorded() throws Exception {
        receiver.rejectFails(true);
        Path file = write("broken.hl7", "BROKEN");

        start("");
        await().atMost(WAIT).until(() -> receiver.rejections().size() >= 2);
        assertThat(file).exists();
        assertThat(names(error())).isEmpty();

        receiver.rejectFails(false);
        await().atMost(WAIT).until(() -> names(error()).contains("broken.hl7"));
    }

    @Test
    void poll_engineFailed_leavesTheFileAndRetriesItOnALaterPoll() throws Exception {
        AtomicBoolean storeDown = new AtomicBoolean(true);
        receiver.answer(text -> storeDown.get() && text.equals("MSH|2") ? Answer.FAIL : Answer.ACCEPT);
        Path file = write("batch.hl7", "MSH|1\n\nMSH|2\n\nMSH|3");

        start("");

        await().atMost(WAIT).until(() -> receiver.texts().stream().filter("MSH|2"::equals).count() >= 3);
        assertThat(file).exists();
        assertThat(names(processed())).isEmpty();
        assertThat(names(error())).isEmpty();

        storeDown.set(false);

        await().atMost(WAIT).until(() -> names(processed()).contains("batch.hl7"));
        assertThat(receiver.texts()).as("messages accepted before the failure are not handed over again")
                .containsOnlyOnce("MSH|1", "MSH|3")
                .endsWith("MSH|2", "MSH|3");
    }

    @Test
    void poll_engineFailed_laterFilesDoNotOvertakeTheFailedOne() throws Exception {
        AtomicBoolean storeDown = new AtomicBoolean(true);
        receiver.answer(text -> storeDown.get() ? Answer.FAIL : Answer.ACCEPT);
        write("first.hl7", "MSH|first");
        write("second.hl7", "MSH|second");
        Files.setLastModifiedTime(inbox().resolve("first.hl7"), FileTime.from(Instant.parse("2025-01-01T00:00:00Z")));
        Files.setLastModifiedTime(inbox().resolve("second.hl7"), FileTime.from(Instant.parse("2025-01-01T00:00:01Z")));

        start("");
        await().atMost(WAIT).until(() -> receiver.received().size() >= 3);
        assertThat(receiver.texts()).containsOnly("MSH|first");

        storeDown.set(false);
        await().atMost(WAIT).until(() -> names(processed()).size() == 2);
        assertThat(receiver.texts()).endsWith("MSH|first", "MSH|second");
    }

    @Test
    void poll_nameTakenInProcessed_movesUnderASuffixedName() throws Exception {
        Files.createDirectories(processed());
        Files.writeString(processed().resolve("a.hl7"), "earlier");
        Files.writeString(processed().resolve("a.1.hl7"), "earlier too");
        write("a.hl7", "MSH|a");

        start("");

        await().atMost(WAIT).until(() -> names(processed()).contains("a.2.hl7"));
        assertThat(processed().resolve("a.hl7")).hasContent("earlier");
        assertThat(processed().resolve("a.1.hl7")).hasContent("earlier too");
        assertThat(processed().resolve("a.2.hl7")).hasContent("MSH|a");
    }

    @Test
    void poll_sortByModified_readsOldestFirst() throws Exception {
        Instant base = Instant.parse("2025-01-01T00:00:00Z");
        for (String[] file : new String[][] {{"c.hl7", "0"}, {"a.hl7", "2"}, {"b.hl7", "1"}}) {
            Path path = write(file[0], "MSH|" + file[0]);
            Files.setLastModifiedTime(path, FileTime.from(base.plusSeconds(Long.parseLong(file[1]))));
        }

        start("");

        await().atMost(WAIT).until(() -> receiver.received().size() == 3);
        assertThat(receiver.texts()).containsExactly("MSH|c.hl7", "MSH|b.hl7", "MSH|a.hl7");
    }

    @Test
    void poll_sortByName_readsInNameOrder() throws Exception {
        Instant base = Instant.parse("2025-01-01T00:00:00Z");
        for (String[] file : new String[][] {{"c.hl7", "0"}, {"a.hl7", "2"}, {"b.hl7", "1"}}) {
            Path path = write(file[0], "MSH|" + file[0]);
            Files.setLastModifiedTime(path, FileTime.from(base.plusSeconds(Long.parseLong(file[1]))));
        }

        start("sortBy: name");

        await().atMost(WAIT).until(() -> receiver.received().size() == 3);
        assertThat(receiver.texts()).containsExactly("MSH|a.hl7", "MSH|b.hl7", "MSH|c.hl7");
    }

    @Test
    void poll_fileOverMaxFileSize_goesToErrorUnread() throws Exception {
        write("big.hl7", "MSH|" + "x".repeat(100));
        write("small.hl7", "MSH|s");

        start("maxFileSize: 64");

        await().atMost(WAIT).until(() -> names(error()).contains("big.hl7") && names(processed()).contains("small.hl7"));
        assertThat(receiver.texts()).containsExactly("MSH|s");
        assertThat(receiver.rejections()).singleElement().extracting(ScriptedReceiver.Received::text)
                .isEqualTo("file has 104 bytes, more than maxFileSize 64");
    }

    @Test
    void poll_unreadableFile_isRetriedWhileOthersFlow() throws Exception {
        Set<String> denied = ConcurrentHashMap.newKeySet();
        FileStorage storage = new DelegatingStorage(new LocalFileStorage()) {
            @Override
            public byte[] read(String path, long maxBytes) throws IOException {
                if (denied.contains(Path.of(path).getFileName().toString())) {
                    throw new AccessDeniedException(path);
                }
                return super.read(path, maxBytes);
            }
        };
        denied.add("locked.hl7");
        write("locked.hl7", "MSH|locked");
        write("open.hl7", "MSH|open");

        start("", storage);
        await().atMost(WAIT).until(() -> names(processed()).contains("open.hl7"));
        assertThat(names(inbox())).containsExactly("locked.hl7");

        denied.clear();
        await().atMost(WAIT).until(() -> names(processed()).contains("locked.hl7"));
        assertThat(receiver.texts()).containsExactlyInAnyOrder("MSH|open", "MSH|locked");
    }

    @Test
    void poll_moveToProcessedFails_retriesOnlyTheMoveNeverTheMessages() throws Exception {
        AtomicBoolean moveBroken = new AtomicBoolean(true);
        CountDownLatch moveAttempts = new CountDownLatch(3);
        FileStorage storage = new DelegatingStorage(new LocalFileStorage()) {
            @Override
            public String moveInto(String path, String targetDirectory) throws IOException {
                moveAttempts.countDown();
                if (moveBroken.get()) {
                    throw new AccessDeniedException(targetDirectory);
                }
                return super.moveInto(path, targetDirectory);
            }
        };
        write("a.hl7", "MSH|a");

        start("", storage);
        assertThat(moveAttempts.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        moveBroken.set(false);

        await().atMost(WAIT).until(() -> names(processed()).contains("a.hl7"));
        assertThat(receiver.texts()).containsExactly("MSH|a");
    }

    @Test
    void stop_whileAFileIsBeingRead_waitsForItToFinish() throws Exception {
        CountDownLatch inReceive = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        receiver.answer(text -> {
            inReceive.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.ACCEPT;
        });
        write("a.hl7", "MSH|a");
        Source source = start("");
        assertThat(inReceive.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        Thread stopper = Thread.ofVirtual().name("test-stopper").start(source::stop);
        assertThat(stopper.join(Duration.ofMillis(200))).as("stop waits for the current file").isFalse();

        release.countDown();
        assertThat(stopper.join(WAIT)).isTrue();
        assertThat(names(processed())).containsExactly("a.hl7");
    }

    @Test
    void start_pollsOnANamedVirtualThread() throws Exception {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        receiver.answer(text -> {
            threads.add(Thread.currentThread().getName() + (Thread.currentThread().isVirtual() ? " (virtual)" : ""));
            return Answer.ACCEPT;
        });
        write("a.hl7", "MSH|a");

        start("");

        await().atMost(WAIT).until(() -> !threads.isEmpty());
        assertThat(threads).containsExactly("conduit-file-poller-lab (virtual)");
    }

    @Test
    void startAfterStop_resumesPolling() throws Exception {
        Source source = start("");
        write("a.hl7", "MSH|a");
        await().atMost(WAIT).until(() -> names(processed()).contains("a.hl7"));

        source.stop();
        write("b.hl7", "MSH|b");
        source.start();

        await().atMost(WAIT).until(() -> names(processed()).contains("b.hl7"));
        assertThat(receiver.texts()).containsExactly("MSH|a", "MSH|b");
    }

    @Test
    void stop_calledTwiceOrBeforeStart_isHarmless() throws Exception {
        ConfigNode node = ConfigNode.parse(yaml(""), "channels/lab.yaml", System::getenv);
        Source source = new FileSourceFactory().create(node, context());

        source.stop();
        source.start();
        source.stop();
        source.stop();

        assertThat(inbox()).isDirectory();
    }

    @Test
    void start_createsMissingDirectories() throws Exception {
        start("");

        assertThat(inbox()).isDirectory();
        assertThat(processed()).isDirectory();
        assertThat(error()).isDirectory();
    }

    @Test
    void start_missingDirectoryWithoutCreateDirectories_failsNamingIt() {
        assertThatStartFails("createDirectories: false", "does not exist; create it or set createDirectories: true");
    }

    private void assertThatStartFails(String extra, String message) {
        assertThatThrownBy(() -> start(extra))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(inbox().toString())
                .hasMessageContaining(message);
    }

    @Test
    void factory_missingDirectory_failsNamingFileLineAndField() throws Exception {
        ConfigNode channel = ConfigNode.parse("""
                name: lab
                source:
                  type: file
                  glob: "*.hl7"
                """, "channels/x.yaml", System::getenv);
        ConfigNode sourceNode = channel.requiredObject("source");
        sourceNode.string("type"); // read by the channel in real life

        assertThatThrownBy(() -> new FileSourceFactory().create(sourceNode, context()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("channels/x.yaml:3: source.directory: is required");
    }

    @Test
    void factory_processedDirectoryEqualToDirectory_isRefused() throws Exception {
        ConfigNode node = ConfigNode.parse("directory: in\nprocessedDirectory: in/\n", "channels/x.yaml", System::getenv);

        assertThatThrownBy(() -> new FileSourceFactory().create(node, context()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("channels/x.yaml:2: processedDirectory: must differ from directory");
    }

    @Test
    void factory_negativeStableFor_isRefused() throws Exception {
        ConfigNode node = ConfigNode.parse("directory: in\nstableFor: PT-1S\n", "channels/x.yaml", System::getenv);

        assertThatThrownBy(() -> new FileSourceFactory().create(node, context()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("channels/x.yaml:2: stableFor: must not be negative");
    }

    @Test
    void factory_unknownKey_isRefused() throws Exception {
        ConfigNode node = ConfigNode.parse("directory: in\npollIntervall: 5s\n", "channels/x.yaml", System::getenv);

        assertThatThrownBy(() -> new FileSourceFactory().create(node, context()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("channels/x.yaml:2: pollIntervall: unknown key");
    }
}
