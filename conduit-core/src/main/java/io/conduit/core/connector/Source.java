package io.conduit.core.connector;

/**
 * Receives messages from outside (a listener or a poller) and hands each one to its
 * {@link MessageReceiver}, then answers the sender with what the data type builds.
 *
 * <p>Constructors do no I/O. {@link #start()} opens sockets or starts polling and cleans up after
 * itself when it fails; {@link #stop()} stops taking new messages and returns once in-flight ones
 * were answered. Both are called by the channel's lifecycle only, in that order.
 */
public interface Source {

    void start() throws Exception;

    void stop();

    /** The address a listener is bound to once started (useful with port 0); empty for pollers. */
    default java.util.Optional<java.net.InetSocketAddress> listenAddress() {
        return java.util.Optional.empty();
    }
}
