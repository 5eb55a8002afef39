package io.conduit.server.auth;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open dashboard sessions, in memory. A session ends after {@code idleTimeout} without a request,
 * after {@code maxAge} in any case, at logout, when its user is deleted or disabled, or when the
 * user opens more than {@value #MAX_SESSIONS_PER_USER} (the oldest ends, so logins cannot fill the
 * memory). Thread-safe.
 */
public final class SessionRegistry {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    /** Sessions one user may hold at once; a new login beyond it ends their oldest (bounds memory). */
    static final int MAX_SESSIONS_PER_USER = 20;

    private final Duration idleTimeout;
    private final Duration maxAge;
    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();
    /** Keyed by session id; the value's last-seen time is replaced on use. */
    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();

    private record Entry(Session session, Instant lastSeen) {
    }

    public SessionRegistry(Duration idleTimeout, Duration maxAge, InstantSource clock) {
        this.idleTimeout = idleTimeout;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /**
     * Opens a session for {@code username}.
     *
     * @param credential what the user proved (their password hash), checked again on every request
     */
    public Session open(String username, String credential) {
        sweep();
        List<Entry> own = sessions.values().stream().filter(e -> e.session().username().equals(username))
                .sorted(java.util.Comparator.comparing(e -> e.session().createdAt())).toList();
        for (int i = 0; i <= own.size() - MAX_SESSIONS_PER_USER; i++) {
            sessions.remove(own.get(i).session().id());
        }
        Instant now = clock.instant();
        Session session = new Session(randomToken(), username, randomToken(), now, credential);
        sessions.put(session.id(), new Entry(session, now));
        return session;
    }

    /** The live session with this id, marking it used; empty when unknown or expired. */
    public Optional<Session> find(String id) {
        Entry entry = sessions.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(entry, now)) {
            sessions.remove(id, entry);
            return Optional.empty();
        }
        sessions.replace(id, entry, new Entry(entry.session(), now));
        return Optional.of(entry.session());
    }

    /** Ends one session (logout). */
    public void close(String id) {
        sessions.remove(id);
    }

    /** Ends every session of a user (deleted, disabled, or their password changed). */
    public void closeAll(String username) {
        sessions.values().removeIf(e -> e.session().username().equals(username));
    }

    /** Whether {@code presented} is the session's CSRF token, compared in constant time. */
    public static boolean csrfMatches(Session session, String presented) {
        return MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    /** How many sessions are open (expired ones may still count until the next sweep). */
    public int size() {
        return sessions.size();
    }

    private boolean expired(Entry entry, Instant now) {
        return now.isAfter(entry.lastSeen().plus(idleTimeout)) || now.isAfter(entry.session().createdAt().plus(maxAge));
    }

    private void sweep() {
        Instant now = clock.instant();
        sessions.values().removeIf(e -> expired(e, now));
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }
}
