package io.conduit.core.connector;

/**
 * Sends messages to one outside system. The channel calls {@link #send} from one delivery thread
 * per destination, in queue order, so implementations need not be thread-safe for sends.
 *
 * <p>Constructors do no I/O; connections are opened lazily or in {@link #start()} and re-opened
 * after failures.
 */
public interface Destination extends AutoCloseable {

    default void start() throws Exception {
    }

    /**
     * Delivers one message. Transport failures come back as {@link DeliveryResult.Retry}, not as
     * exceptions; an unexpected exception is treated as a retryable failure.
     *
     * @throws InterruptedException when the channel is stopping
     */
    DeliveryResult send(OutboundMessage message) throws InterruptedException;

    /** Releases connections. Idempotent. */
    @Override
    void close();
}
