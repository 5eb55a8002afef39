package io.conduit.core.runtime;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import java.time.Duration;

/**
 * How a destination retries a failed delivery: exponential back-off from {@code initialDelay},
 * multiplied by {@code multiplier} per attempt up to {@code maxDelay}, for at most
 * {@code maxAttempts} attempts in all; then the delivery is marked ERRORED and kept for resend.
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofMinutes(5), 2.0);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("delays must satisfy 0 <= initialDelay <= maxDelay");
        }
    }

    /** The wait after the {@code attempt}-th failed attempt (1-based). */
    public Duration delayAfter(int attempt) {
        double millis = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
    }

    /** Reads a {@code retry:} mapping; absent keys keep the defaults. */
    static RetryPolicy read(ConfigNode node) throws ConfigException {
        int maxAttempts = node.integer("maxAttempts", DEFAULT.maxAttempts, 1, 1_000_000);
        Duration initial = node.duration("initialDelay", DEFAULT.initialDelay);
        Duration max = node.duration("maxDelay", DEFAULT.maxDelay.compareTo(initial) < 0 ? initial : DEFAULT.maxDelay);
        double multiplier = node.decimal("multiplier", DEFAULT.multiplier, 1.0, 100.0);
        node.finish();
        if (max.compareTo(initial) < 0) {
            throw node.error("maxDelay", "must not be shorter than initialDelay (" + initial + "), got " + max);
        }
        return new RetryPolicy(maxAttempts, initial, max, multiplier);
    }
}
