package io.conduit.files;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which listed files are finished being written: a file is stable once this tracker has
 * seen the same size and modification time for at least {@code stableFor}, measured on the
 * engine's clock (not by comparing the file's mtime with that clock, which breaks on network
 * shares with skewed clocks). A zero {@code stableFor} takes files on first sight.
 *
 * <p>Confined to the poller thread: not thread-safe.
 */
final class StabilityTracker {

    private record Observation(long size, Instant modified, Instant unchangedSince) {
    }

    private final Duration stableFor;
    private final Map<String, Observation> observations = new HashMap<>();

    StabilityTracker(Duration stableFor) {
        this.stableFor = stableFor;
    }

    /** Records this listing and returns the stable files among it, in the given order. */
    List<FileEntry> stable(List<FileEntry> listing, Instant now) {
        Set<String> present = new HashSet<>();
        List<FileEntry> stable = new ArrayList<>();
        for (FileEntry file : listing) {
            present.add(file.path());
            Observation seen = observations.get(file.path());
            if (seen == null || seen.size() != file.size() || !seen.modified().equals(file.modified())) {
                seen = new Observation(file.size(), file.modified(), now);
                observations.put(file.path(), seen);
            }
            if (!now.isBefore(seen.unchangedSince().plus(stableFor))) {
                stable.add(file);
            }
        }
        observations.keySet().retainAll(present); // forget files that went away
        return stable;
    }
}
