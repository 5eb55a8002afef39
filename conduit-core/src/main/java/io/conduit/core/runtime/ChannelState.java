package io.conduit.core.runtime;

/** Where a channel is in its lifecycle. */
public enum ChannelState {
    /** Built and validated; nothing running. */
    DEPLOYED,
    STARTING,
    /** Source receiving, destinations delivering. */
    STARTED,
    /** Source stopped (senders are refused); destinations keep delivering what is queued. */
    PAUSED,
    STOPPING,
    /** Nothing running; queued messages stay in the store. */
    STOPPED,
    /** Start failed; see the log. */
    FAILED,
    /** Removed from the engine. */
    UNDEPLOYED
}
