package io.conduit.server.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@value #FREE_FAILURES} failed logins for one user name from one
 * address, or {@value #FREE_ADDRESS_FAILURES} from one address for any names, further attempts
 * are refused without checking the password for a lock time that doubles with every failure
 * (1 s, 2 s, 4 s … up to 15 minutes). A successful login clears the user-and-address count.
 * Failures older than 15 minutes are forgotten. Thread-safe.
 */
public final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    static final int FREE_ADDRESS_FAILURES = 20;
    private static final Duration MAX_LOCK = Duration.ofMinutes(15);
    private static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    private static final int MAX_TRACKED = 100_000;

    private final InstantSource clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    private record Failures(int count, Instant last) {
    }

    public LoginThrottle(InstantSource clock) {
        this.clock = clock;
    }

    /** How long the caller must wait before trying again, or empty when it may try now. */
    public Optional<Duration> retryAfter(String username, String address) {
        Instant now = clock.instant();
        Duration wait = max(lock(userKey(username, address), FREE_FAILURES, now), lock(addressKey(address), FREE_ADDRESS_FAILURES, now));
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    /**
     * Takes one login attempt: when the user name and address may try now, counts the attempt as a
     * failure at once (a success takes it back through {@link #succeeded}) and returns empty;
     * otherwise returns how long to wait and counts nothing. Counting before the password is checked
     * means a burst of parallel guesses is throttled after the first few, not after all of them.
     */
    public Optional<Duration> attempt(String username, String address) {
        Instant now = clock.instant();
        if (failures.size() > MAX_TRACKED) {
            failures.values().removeIf(f -> f.last().plus(FORGET_AFTER).isBefore(now)); // bounded memory under a spray
        }
        // The address first: a locked address must not also grow every user name's count.
        Duration wait = take(addressKey(address), FREE_ADDRESS_FAILURES, now);
        if (wait.isZero()) {
            wait = take(userKey(username, address), FREE_FAILURES, now);
            if (!wait.isZero()) {
                failures.computeIfPresent(addressKey(address), (k, f) -> new Failures(Math.max(0, f.count() - 1), f.last()));
            }
        }
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    /** Atomically: the lock left on {@code key}, or (when none) one more failure counted and zero. */
    private Duration take(String key, int free, Instant now) {
        Duration[] wait = {Duration.ZERO};
        failures.compute(key, (k, old) -> {
            Failures current = old == null || old.last().plus(FORGET_AFTER).isBefore(now) ? null : old;
            wait[0] = lockOf(current, free, now);
            if (!wait[0].isZero()) {
                return old;
            }
            return new Failures(current == null ? 1 : current.count() + 1, now);
        });
        return wait[0];
    }

    /** Records a failed login. */
    public void failed(String username, String address) {
        Instant now = clock.instant();
        if (failures.size() > MAX_TRACKED) {
            failures.values().removeIf(f -> f.last().plus(FORGET_AFTER).isBefore(now)); // bounded memory under a spray
        }
        for (String key : new String[] {userKey(username, address), addressKey(address)}) {
            failures.merge(key, new Failures(1, now), (old, one) -> old.last().plus(FORGET_AFTER).isBefore(now)
                    ? one : new Failures(old.count() + 1, now));
        }
    }

    /**
     * Records a successful login: clears the user name's count from that address, and takes back the
     * failure {@link #attempt} counted for the address (many users behind one address log in all day).
     */
    public void succeeded(String username, String address) {
        failures.remove(userKey(username, address));
        failures.computeIfPresent(addressKey(address), (k, f) -> f.count() <= 1 ? null : new Failures(f.count() - 1, f.last()));
    }

    private Duration lock(String key, int free, Instant now) {
        return lockOf(failures.get(key), free, now);
    }

    private static Duration lockOf(@org.jspecify.annotations.Nullable Failures f, int free, Instant now) {
        if (f == null || f.count() < free || f.last().plus(FORGET_AFTER).isBefore(now)) {
            return Duration.ZERO;
        }
        int over = Math.min(f.count() - free, 20);
        Duration lock = Duration.ofSeconds(1L << over);
        if (lock.compareTo(MAX_LOCK) > 0) {
            lock = MAX_LOCK;
        }
        Duration left = Duration.between(now, f.last().plus(lock));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String userKey(String username, String address) {
        return "u:" + username.toLowerCase(Locale.ROOT) + "|" + address;
    }

    private static String addressKey(String address) {
        return "a:" + address;
    }
}
