package io.conduit.core.store;

/**
 * Told about every store commit, for metrics. Called on the store's writer thread: it must be
 * quick and must not throw.
 */
@FunctionalInterface
public interface CommitObserver {

    /**
     * @param nanos       how long applying and committing the batch took
     * @param submissions how many submissions (a message with its stages is one) shared the commit
     */
    void committed(long nanos, int submissions);

    /** Observes nothing. */
    CommitObserver NONE = (nanos, submissions) -> { };
}
