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

    /** Records a successful login. */
    public void succeeded(String username, String address) {
        failures.remove(userKey(username, address));
    }

    private Duration lock(String key, int free, Instant now) {
        Failures f = failures.get(key);
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
