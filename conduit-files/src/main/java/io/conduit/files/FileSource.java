package io.conduit.files;

import io.conduit.core.connector.MessageReceiver;
import io.conduit.core.connector.Source;
import io.conduit.core.connector.SourceContext;
import io.conduit.core.datatype.MessageFormatException;
import io.conduit.core.datatype.ReceiveResult;
import io.conduit.core.message.MessageId;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code file} source: polls one directory and hands every message of every stable, matching
 * file to the channel.
 *
 * <p><b>Model.</b> One virtual thread, {@code conduit-file-poller-<channel>}, lists the directory
 * every {@code pollInterval}, keeps the files whose name matches the glob and whose size and mtime
 * have not changed for {@code stableFor} (see {@link StabilityTracker}), sorts them, and for each:
 * reads it whole (bounded by {@code maxFileSize}), splits it with the data type when {@code split}
 * is on, and calls {@link MessageReceiver#receive} once per message, in file order. Then:
 * <ul>
 *   <li>every message {@link ReceiveResult.Accepted}: the file is moved to the processed directory
 *       (or deleted);</li>
 *   <li>any message {@link ReceiveResult.Rejected} (stored as errored by the channel): the file is
 *       moved to the error directory;</li>
 *   <li>a broken batch (the data type cannot split the file) or a file over {@code maxFileSize}:
 *       the file is recorded through {@link MessageReceiver#reject} (with its content, or with none
 *       when it is too large to keep) so it shows among the channel's errors, then moved to the
 *       error directory;</li>
 *   <li>any message {@link ReceiveResult.Failed} (the engine could not store it, including a
 *       {@code reject} that could not be stored): the file stays
 *       where it is and this poll ends, so it is read again on a later poll and nothing after it
 *       overtakes it. Messages of that file accepted before the failure are not handed over again
 *       while this process runs: the poller remembers how far it got in that version of the file.</li>
 * </ul>
 * Moves never overwrite: a taken name in the target directory becomes {@code base.N.ext}.
 *
 * <p><b>Delivery guarantee: at least once.</b> Messages are committed by the channel before the file
 * is moved, so a crash between the two (or a restart after a {@code Failed} mid-batch) means the
 * file is read again and its messages received a second time. Files are never lost or skipped; they
 * may be duplicated in that window. When a move fails after every message was accepted (processed
 * directory not writable), the poller retries only the move, never the messages.
 *
 * <p><b>Files that cannot be read</b> (permissions) are logged once by name and retried on every
 * poll. Files that disappear between listing and reading are someone else's and are skipped.
 *
 * <p><b>Concurrency.</b> All mutable polling state is confined to the poller thread. {@link #start()}
 * and {@link #stop()} are called by the channel lifecycle, possibly repeatedly (pause and resume);
 * {@code stop()} lets the current file finish (the receiver answers promptly when the channel
 * stops) and returns when the thread has ended, so the next {@code start()} takes over cleanly.
 *
 * <p>Logs carry file names, sizes, counts and message ids, never content.
 */
final class FileSource implements Source {

    private static final Logger log = LoggerFactory.getLogger(FileSource.class);

    private static final byte[] NO_CONTENT = new byte[0];

    /** What processing one file means for the rest of the poll. */
    private enum Outcome {
        DONE,
        /** The engine could not take a message: keep the order and try this file again later. */
        RETRY_LATER
    }

    /**
     * Where a file whose messages were all handled should go, when getting it there failed.
     *
     * @param target the directory, or null to delete
     */
    private record PendingMove(FileEntry file, @Nullable String target) {
    }

    /** How far a partly received file got, so a retry does not hand its first messages over again. */
    private record Progress(FileEntry file, int nextMessage, boolean anyRejected) {
    }

    private final FileSourceSettings settings;
    private final SourceContext context;
    private final FileStorage storage;
    private final PathMatcher nameMatcher;
    private final StabilityTracker stability;

    // Poller-thread state: touched only by the current poller; stop() joins one poller before
    // start() begins the next, so a paused and resumed source hands it over safely.
    private final Map<String, PendingMove> pendingMoves = new HashMap<>();
    private final Map<String, Progress> progress = new HashMap<>();
    private final Set<String> reportedUnreadable = new HashSet<>();
    private boolean reportedUnlistable;
    /** The file whose {@code Failed} was last logged at WARN, so an outage logs once, not every poll. */
    private @Nullable String reportedFailing;

    // Guarded by this (no @GuardedBy annotation on the class path; the lifecycle is rare and short).
    private @Nullable Thread poller;
    private @Nullable CountDownLatch stopSignal;

    FileSource(FileSourceSettings settings, SourceContext context, FileStorage storage) {
        this.settings = settings;
        this.context = context;
        this.storage = storage;
        this.nameMatcher = settings.nameMatcher();
        this.stability = new StabilityTracker(settings.stableFor());
    }

    /** Starts polling; does nothing when already polling. Also resumes after {@link #stop()} (channel pause). */
    @Override
    public synchronized void start() throws IOException {
        if (poller != null) {
            return;
        }
        prepareDirectory(settings.directory());
        if (settings.afterRead() == FileSourceSettings.AfterRead.MOVE) {
            prepareDirectory(settings.processedDirectory());
        }
        prepareDirectory(settings.errorDirectory());
        CountDownLatch signal = new CountDownLatch(1);
        stopSignal = signal;
        poller = Thread.ofVirtual().name("conduit-file-poller-" + context.channel()).start(() -> pollUntilStopped(signal));
        log.info("Channel {}: polling {} for '{}' every {}", context.channel(), settings.directory(), settings.glob(),
                settings.pollInterval());
    }

    /** Stops polling after the current file and returns when the poller has ended. Idempotent. */
    @Override
    public void stop() {
        Thread thread;
        CountDownLatch signal;
        synchronized (this) {
            thread = poller;
            signal = stopSignal;
            poller = null;
            stopSignal = null;
        }
        if (thread == null || signal == null) {
            return;
        }
        signal.countDown();
        try {
            thread.join(); // the current file finishes first; see class comment
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void prepareDirectory(String directory) throws IOException {
        if (storage.isDirectory(directory)) {
            return;
        }
        if (!settings.createDirectories()) {
            throw new IOException("directory " + directory + " does not exist; create it or set createDirectories: true");
        }
        storage.createDirectories(directory);
    }

    private void pollUntilStopped(CountDownLatch stop) {
        do {
            try {
                pollOnce(stop);
            } catch (RuntimeException e) {
                // Never let one bad poll end the poller; the next one starts afresh.
                log.error("Channel {}: poll of {} failed", context.channel(), settings.directory(), e);
            }
        } while (!awaitStop(stop));
    }

    /** Sleeps one poll interval; true when stop was requested meanwhile. */
    private boolean awaitStop(CountDownLatch stop) {
        try {
            return stop.await(settings.pollInterval().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** One poll: list, pick stable matching files, process them in order; ends early on stop. */
    private void pollOnce(CountDownLatch stop) {
        List<FileEntry> listing;
        try {
            listing = storage.list(settings.directory());
            reportedUnlistable = false;
        } catch (IOException e) {
            if (!reportedUnlistable) {
                log.warn("Channel {}: cannot list {} ({}); will keep trying", context.channel(), settings.directory(),
                        e.toString());
                reportedUnlistable = true;
            }
            return;
        }
        List<FileEntry> candidates = new ArrayList<>();
        for (FileEntry file : listing) {
            if (nameMatcher.matches(Path.of(file.name()))) {
                candidates.add(file);
            }
        }
        candidates.sort(order());
        forgetVanished(candidates);
        for (FileEntry file : stability.stable(candidates, context.clock().instant())) {
            if (stop.getCount() == 0) {
                return;
            }
            PendingMove pending = pendingMoves.get(file.path());
            if (pending != null && pending.file().sameVersionAs(file)) {
                finish(pending.file(), pending.target());
                continue;
            }
            pendingMoves.remove(file.path()); // a new version under the same name is a new file
            if (process(file) == Outcome.RETRY_LATER) {
                return;
            }
        }
    }

    private Comparator<FileEntry> order() {
        Comparator<FileEntry> byName = Comparator.comparing(FileEntry::name);
        return switch (settings.sortBy()) {
            case NAME -> byName;
            case MODIFIED -> Comparator.comparing(FileEntry::modified).thenComparing(byName);
        };
    }

    private void forgetVanished(List<FileEntry> present) {
        Set<String> paths = new HashSet<>();
        present.forEach(f -> paths.add(f.path()));
        pendingMoves.keySet().retainAll(paths);
        progress.keySet().retainAll(paths);
        reportedUnreadable.retainAll(paths);
    }

    private Outcome process(FileEntry file) {
        if (file.size() > settings.maxFileSize()) {
            return rejectFile(file, NO_CONTENT, "file has " + file.size() + " bytes, more than maxFileSize "
                    + settings.maxFileSize());
        }
        byte[] content;
        try {
            content = storage.read(file.path(), settings.maxFileSize());
            reportedUnreadable.remove(file.path());
        } catch (FileTooLargeException e) {
            return rejectFile(file, NO_CONTENT, "file grew past maxFileSize " + settings.maxFileSize() + " bytes");
        } catch (NoSuchFileException e) {
            log.debug("Channel {}: {} went away before it was read", context.channel(), file.path());
            return Outcome.DONE;
        } catch (IOException e) {
            if (reportedUnreadable.add(file.path())) {
                log.warn("Channel {}: cannot read {} ({}); will retry on every poll", context.channel(), file.path(),
                        e.getClass().getSimpleName());
            }
            return Outcome.DONE;
        }
        List<byte[]> messages;
        try {
            messages = settings.split() ? context.dataType().split(content) : List.of(content);
        } catch (MessageFormatException e) {
            return rejectFile(file, content, "batch structure is broken: " + e.describe());
        } catch (RuntimeException e) {
            return rejectFile(file, content, "data type " + context.dataType().name() + " failed to split the file ("
                    + e.getClass().getName() + ")");
        }
        return receiveAll(file, messages);
    }

    /**
     * Stores a file that yields no messages as one ERRORED entry (so the operator sees it next to
     * the other errors), then moves it to the error directory. When even that cannot be stored, the
     * file stays for a later poll, like any other {@code Failed}.
     *
     * @param content what to store: the file, or nothing when it is too large to keep
     */
    private Outcome rejectFile(FileEntry file, byte[] content, String reason) {
        ReceiveResult result;
        try {
            result = context.receiver().reject(content, reason, origin(file));
        } catch (RuntimeException e) {
            result = new ReceiveResult.Failed(null, "receiver threw " + e.getClass().getName());
        }
        if (result instanceof ReceiveResult.Failed failed) {
            return leaveForLater(file, "cannot record it as errored (" + failed.reason() + ")");
        }
        toError(file, reason + "; stored as " + result.id());
        return Outcome.DONE;
    }

    private static String origin(FileEntry file) {
        return "file:" + file.path();
    }

    private Outcome receiveAll(FileEntry file, List<byte[]> messages) {
        Progress resumed = progress.remove(file.path());
        boolean resumes = resumed != null && resumed.file().sameVersionAs(file);
        int first = resumes ? resumed.nextMessage() : 0;
        boolean anyRejected = resumes && resumed.anyRejected();
        String origin = origin(file);
        List<MessageId> accepted = new ArrayList<>();
        for (int i = first; i < messages.size(); i++) {
            ReceiveResult result;
            try {
                result = context.receiver().receive(messages.get(i), origin);
            } catch (RuntimeException e) {
                // The receiver promises not to throw; if it does, treat it as "could not store".
                result = new ReceiveResult.Failed(null, "receiver threw " + e.getClass().getName());
            }
            switch (result) {
                case ReceiveResult.Accepted a -> accepted.add(a.id());
                case ReceiveResult.Rejected r -> {
                    anyRejected = true;
                    log.warn("Channel {}: message {} of {} in {} rejected as {}: {}", context.channel(), i + 1,
                            messages.size(), file.path(), r.id(), r.error().describe());
                }
                case ReceiveResult.Failed f when f.id() != null -> {
                    // Stored (as ERRORED, or still queued): reading the file again would store it twice.
                    anyRejected = true;
                    log.warn("Channel {}: message {} of {} in {} stored as {} but not accepted", context.channel(), i + 1,
                            messages.size(), file.path(), f.id());
                }
                case ReceiveResult.Failed f -> {
                    progress.put(file.path(), new Progress(file, i, anyRejected));
                    return leaveForLater(file, "message " + (i + 1) + " of " + messages.size() + " not taken ("
                            + f.reason() + ")");
                }
            }
        }
        log.info("Channel {}: read {} ({} bytes, {} messages{})", context.channel(), file.path(), file.size(),
                messages.size(), anyRejected ? ", some rejected" : "");
        log.debug("Channel {}: {} accepted as {}", context.channel(), file.path(), accepted);
        if (anyRejected) {
            toError(file, "some of its messages were rejected");
        } else if (settings.afterRead() == FileSourceSettings.AfterRead.MOVE) {
            finish(file, settings.processedDirectory());
        } else {
            finish(file, null);
        }
        return Outcome.DONE;
    }

    private Outcome leaveForLater(FileEntry file, String why) {
        if (file.path().equals(reportedFailing)) {
            log.debug("Channel {}: {}: {}; still leaving it for a later poll", context.channel(), file.path(), why);
        } else {
            log.warn("Channel {}: {}: {}; leaving it for a later poll", context.channel(), file.path(), why);
            reportedFailing = file.path();
        }
        return Outcome.RETRY_LATER;
    }

    private void toError(FileEntry file, String reason) {
        log.warn("Channel {}: moving {} ({} bytes) to {}: {}", context.channel(), file.path(), file.size(),
                settings.errorDirectory(), reason);
        finish(file, settings.errorDirectory());
    }

    /** Moves a handled file into {@code target} (or deletes it when null); on failure, retries the move later. */
    private void finish(FileEntry file, @Nullable String target) {
        try {
            if (target == null) {
                storage.delete(file.path());
                log.debug("Channel {}: deleted {}", context.channel(), file.path());
            } else {
                String moved = storage.moveInto(file.path(), target);
                log.debug("Channel {}: moved {} to {}", context.channel(), file.path(), moved);
            }
            pendingMoves.remove(file.path());
            reportedFailing = null;
        } catch (IOException e) {
            // Its messages are already stored: never read it again, only retry the move.
            if (pendingMoves.put(file.path(), new PendingMove(file, target)) == null) {
                log.error("Channel {}: cannot {} {} ({}); its messages are handled, will retry only the {}",
                        context.channel(), target == null ? "delete" : "move to " + target, file.path(), e.toString(),
                        target == null ? "delete" : "move");
            }
        }
    }
}
