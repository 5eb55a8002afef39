package io.conduit.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Password-guessing brakes: per user and address, per address, doubling locks, forgetting. */
class LoginThrottleTest {

    private static final String ADDR = "203.0.113.7";

    private final TestClock clock = new TestClock();
    private final LoginThrottle throttle = new LoginThrottle(clock);

    private void fail(String user, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(user, address);
        }
    }

    @Test
    void fiveFailures_areFree_thenLockedForOneSecond() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertThat(throttle.retryAfter("alice", ADDR)).as("before failure %d", i + 1).isEmpty();
            throttle.failed("alice", ADDR);
        }
        assertThat(throttle.retryAfter("alice", ADDR)).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofMillis(400));
        assertThat(throttle.retryAfter("alice", ADDR)).contains(Duration.ofMillis(600));
        clock.advance(Duration.ofMillis(600));
        assertThat(throttle.retryAfter("alice", ADDR)).isEmpty();
    }

    @Test
    void lock_doublesWithEveryFurtherFailure() {
        fail("alice", ADDR, 5);
        long expectedSeconds = 1;
        for (int i = 0; i < 6; i++) {
            assertThat(throttle.retryAfter("alice", ADDR)).contains(Duration.ofSeconds(expectedSeconds));
            clock.advance(Duration.ofSeconds(expectedSeconds)); // wait it out, then fail again
            assertThat(throttle.retryAfter("alice", ADDR)).isEmpty();
            throttle.failed("alice", ADDR);
            expectedSeconds *= 2;
        }
        assertThat(throttle.retryAfter("alice", ADDR)).contains(Duration.ofSeconds(64));
    }

    @Test
    void lock_isCappedAtFifteenMinutes() {
        fail("alice", ADDR, 5 + 10); // 2^10 s = 17 min without the cap
        assertThat(throttle.retryAfter("alice", ADDR)).contains(Duration.ofMinutes(15));
        fail("alice", ADDR, 100); // shifts beyond 2^20 must neither overflow nor exceed the cap
        assertThat(throttle.retryAfter("alice", ADDR)).contains(Duration.ofMinutes(15));
    }

    @Test
    void lock_isPerUserAndAddress() {
        fail("alice", ADDR, 5);
        assertThat(throttle.retryAfter("alice", ADDR)).isPresent();
        assertThat(throttle.retryAfter("bob", ADDR)).isEmpty();
        assertThat(throttle.retryAfter("alice", "198.51.100.1")).isEmpty();
    }

    @Test
    void userName_isMatchedCaseInsensitively() {
        fail("Alice", ADDR, 3);
        fail("ALICE", ADDR, 2);
        assertThat(throttle.retryAfter("alice", ADDR)).isPresent();
    }

    @Test
    void success_clearsTheUserAndAddressCount() {
        fail("alice", ADDR, 4);
        throttle.succeeded("alice", ADDR);
        fail("alice", ADDR, 4);
        assertThat(throttle.retryAfter("alice", ADDR)).isEmpty();
        throttle.failed("alice", ADDR);
        assertThat(throttle.retryAfter("alice", ADDR)).isPresent();
    }

    @Test
    void addressWideLimit_locksEveryNameFromThatAddress_afterTwentyFailures() {
        for (int i = 0; i < LoginThrottle.FREE_ADDRESS_FAILURES; i++) {
            assertThat(throttle.retryAfter("user" + i, ADDR)).isEmpty();
            throttle.failed("user" + i, ADDR); // one failure per name: never the per-user limit
        }
        assertThat(throttle.retryAfter("someone-new", ADDR)).contains(Duration.ofSeconds(1));
        assertThat(throttle.retryAfter("someone-new", "198.51.100.1")).as("other addresses unaffected").isEmpty();
        throttle.failed("user20", ADDR);
        assertThat(throttle.retryAfter("someone-new", ADDR)).contains(Duration.ofSeconds(2));
    }

    @Test
    void success_takesBackOnlyItsOwnAttempt_fromTheAddressWideCount() {
        for (int i = 0; i < LoginThrottle.FREE_ADDRESS_FAILURES; i++) {
            assertThat(throttle.attempt("user" + i, ADDR)).isEmpty();
        }
        assertThat(throttle.retryAfter("someone", ADDR)).as("20 attempts counted before any was checked").isPresent();
        throttle.succeeded("user0", ADDR); // user0's password was right
        assertThat(throttle.retryAfter("someone", ADDR)).isEmpty();
        assertThat(throttle.attempt("user20", ADDR)).isEmpty();
        assertThat(throttle.retryAfter("someone", ADDR)).as("the 19 wrong ones still count").isPresent();
    }

    @Test
    void attempt_countsBeforeTheCheck_soTheSixthOfAParallelBurstIsRefused() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertThat(throttle.attempt("alice", ADDR)).isEmpty();
        }
        assertThat(throttle.attempt("alice", ADDR)).contains(Duration.ofSeconds(1));
        assertThat(throttle.attempt("bob", ADDR)).as("another user from the address may still try").isEmpty();
    }

    @Test
    void failures_olderThanFifteenMinutes_areForgotten() {
        fail("alice", ADDR, 4);
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        fail("alice", ADDR, 4); // counting starts again at 1
        assertThat(throttle.retryAfter("alice", ADDR)).isEmpty();
    }

    @Test
    void maximalLock_endsOnceTheFailuresAreForgotten() {
        fail("alice", ADDR, 40);
        assertThat(throttle.retryAfter("alice", ADDR)).contains(Duration.ofMinutes(15));
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(throttle.retryAfter("alice", ADDR)).isEmpty();
        throttle.failed("alice", ADDR);
        assertThat(throttle.retryAfter("alice", ADDR)).as("one fresh failure after forgetting").isEmpty();
    }

    @Test
    void failuresSpreadOverTime_withinFifteenMinutesOfEachOther_keepCounting() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("alice", ADDR);
            clock.advance(Duration.ofMinutes(10));
        }
        // 50 minutes since the first, but each within 15 of the previous: still five
        assertThat(throttle.retryAfter("alice", ADDR)).isEmpty(); // the 1 s lock has long passed
        throttle.failed("alice", ADDR);
        assertThat(throttle.retryAfter("alice", ADDR)).contains(Duration.ofSeconds(2));
    }
}
