package io.conduit.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StabilityTrackerTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant MTIME = Instant.parse("2024-12-31T23:59:00Z");

    private static FileEntry file(long size) {
        return new FileEntry("/in/a.hl7", "a.hl7", size, MTIME);
    }

    @Test
    void stable_unchangedForStableFor_isReady() {
        StabilityTracker tracker = new StabilityTracker(Duration.ofMillis(200));

        assertThat(tracker.stable(List.of(file(10)), T0)).isEmpty();
        assertThat(tracker.stable(List.of(file(10)), T0.plusMillis(199))).isEmpty();
        assertThat(tracker.stable(List.of(file(10)), T0.plusMillis(200))).containsExactly(file(10));
    }

    @Test
    void stable_sizeChanged_restartsTheWait() {
        StabilityTracker tracker = new StabilityTracker(Duration.ofMillis(200));

        tracker.stable(List.of(file(10)), T0);
        assertThat(tracker.stable(List.of(file(20)), T0.plusMillis(250))).isEmpty();
        assertThat(tracker.stable(List.of(file(20)), T0.plusMillis(449))).isEmpty();
        assertThat(tracker.stable(List.of(file(20)), T0.plusMillis(450))).containsExactly(file(20));
    }

    @Test
    void stable_zeroStableFor_takesFilesOnFirstSight() {
        StabilityTracker tracker = new StabilityTracker(Duration.ZERO);

        assertThat(tracker.stable(List.of(file(10)), T0)).containsExactly(file(10));
    }

    @Test
    void stable_fileGoneAndBack_waitsAgain() {
        StabilityTracker tracker = new StabilityTracker(Duration.ofMillis(200));
        tracker.stable(List.of(file(10)), T0);

        tracker.stable(List.of(), T0.plusMillis(100));

        assertThat(tracker.stable(List.of(file(10)), T0.plusMillis(250))).isEmpty();
    }
}
