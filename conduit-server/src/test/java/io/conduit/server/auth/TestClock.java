package io.conduit.server.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock the test moves by hand, so expiry and throttling are tested without sleeping. */
final class TestClock implements InstantSource {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private volatile Instant now;

    TestClock() {
        this(T0);
    }

    TestClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant instant() {
        return now;
    }

    /** Moves time forward by {@code d}. */
    TestClock advance(Duration d) {
        now = now.plus(d);
        return this;
    }
}
