package io.conduit.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Dashboard sessions: idle timeout, maximum age, logout of every session of a user, CSRF tokens. */
class SessionRegistryTest {

    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final Duration MAX_AGE = Duration.ofHours(2);

    private final TestClock clock = new TestClock();
    private final SessionRegistry registry = new SessionRegistry(IDLE, MAX_AGE, clock);

    @Test
    void open_thenFind_returnsTheSession() {
        Session s = registry.open("alice", "hash");
        assertThat(s.username()).isEqualTo("alice");
        assertThat(s.createdAt()).isEqualTo(TestClock.T0);
        assertThat(s.id()).isNotEqualTo(s.csrfToken()).hasSize(43);
        assertThat(registry.find(s.id())).contains(s);
    }

    @Test
    void open_beyondTheLimitPerUser_endsThatUsersOldestSession() {
        Session first = registry.open("alice", "hash");
        clock.advance(Duration.ofSeconds(1));
        Session second = registry.open("alice", "hash");
        Session bob = registry.open("bob", "hash");
        for (int i = 2; i < SessionRegistry.MAX_SESSIONS_PER_USER; i++) {
            clock.advance(Duration.ofSeconds(1));
            registry.open("alice", "hash");
        }
        assertThat(registry.find(first.id())).as("at the limit, nothing ends").isPresent();
        clock.advance(Duration.ofSeconds(1));
        Session newest = registry.open("alice", "hash");
        assertThat(registry.find(first.id())).isEmpty();
        assertThat(registry.find(second.id())).isPresent();
        assertThat(registry.find(newest.id())).isPresent();
        assertThat(registry.find(bob.id())).as("other users' sessions stay").isPresent();
    }

    @Test
    void find_unknownId_isEmpty() {
        registry.open("alice", "hash");
        assertThat(registry.find("no-such-session")).isEmpty();
    }

    @Test
    void open_twice_givesDistinctIdsAndCsrfTokens() {
        Session a = registry.open("alice", "hash");
        Session b = registry.open("alice", "hash");
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(a.csrfToken()).isNotEqualTo(b.csrfToken());
    }

    @Test
    void idleTimeout_endsUnusedSession() {
        Session s = registry.open("alice", "hash");
        clock.advance(IDLE);
        assertThat(registry.find(s.id())).as("exactly at the idle timeout").isPresent();
        clock.advance(IDLE.plusSeconds(1));
        assertThat(registry.find(s.id())).isEmpty();
        assertThat(registry.size()).isZero();
    }

    @Test
    void find_refreshesLastSeen_soAnActiveSessionOutlivesTheIdleTimeout() {
        Session s = registry.open("alice", "hash");
        for (int i = 0; i < 3; i++) {
            clock.advance(IDLE.minusMinutes(1));
            assertThat(registry.find(s.id())).as("request %d", i).isPresent();
        }
        // 87 minutes since login, 29 since the last request
        clock.advance(IDLE.plusSeconds(1));
        assertThat(registry.find(s.id())).isEmpty();
    }

    @Test
    void maxAge_endsEvenAnActiveSession() {
        Session s = registry.open("alice", "hash");
        while (clock.instant().isBefore(TestClock.T0.plus(MAX_AGE))) {
            assertThat(registry.find(s.id())).isPresent();
            clock.advance(Duration.ofMinutes(10));
        }
        assertThat(registry.find(s.id())).as("at max age exactly").isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(registry.find(s.id())).isEmpty();
    }

    @Test
    void open_sweepsExpiredSessions() {
        registry.open("alice", "hash");
        registry.open("bob", "hash");
        clock.advance(IDLE.plusSeconds(1));
        registry.open("carol", "hash");
        assertThat(registry.size()).isEqualTo(1);
    }

    @Test
    void close_endsOneSession() {
        Session a = registry.open("alice", "hash");
        Session b = registry.open("alice", "hash");
        registry.close(a.id());
        assertThat(registry.find(a.id())).isEmpty();
        assertThat(registry.find(b.id())).isPresent();
    }

    @Test
    void closeAll_endsEverySessionOfThatUser_only() {
        Session a1 = registry.open("alice", "hash");
        Session a2 = registry.open("alice", "hash");
        Session b = registry.open("bob", "hash");
        Session aliceUpper = registry.open("Alice", "hash");
        registry.closeAll("alice");
        assertThat(registry.find(a1.id())).isEmpty();
        assertThat(registry.find(a2.id())).isEmpty();
        assertThat(registry.find(b.id())).isPresent();
        assertThat(registry.find(aliceUpper.id())).as("user names are case-sensitive").isPresent();
    }

    @Test
    void csrfMatches_onlyTheSessionsOwnToken() {
        Session a = registry.open("alice", "hash");
        Session b = registry.open("alice", "hash");
        assertThat(SessionRegistry.csrfMatches(a, a.csrfToken())).isTrue();
        assertThat(SessionRegistry.csrfMatches(a, b.csrfToken())).isFalse();
        assertThat(SessionRegistry.csrfMatches(a, a.id())).isFalse();
        assertThat(SessionRegistry.csrfMatches(a, "")).isFalse();
        assertThat(SessionRegistry.csrfMatches(a, a.csrfToken() + "x")).isFalse();
        assertThat(SessionRegistry.csrfMatches(a, a.csrfToken().substring(1))).isFalse();
    }

    @Test
    void sessionToString_holdsNoSecrets() {
        Session s = registry.open("alice", "hash");
        assertThat(s.toString()).contains("alice").doesNotContain(s.id()).doesNotContain(s.csrfToken());
    }
}
