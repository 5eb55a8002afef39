package io.conduit.core.runtime;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's channels by name, for {@code channel} destinations that hand messages to another
 * channel in-process. Filled by the engine after loading (so channels may name each other in any
 * order) and updated on redeploy. Thread-safe.
 */
final class ChannelDirectory {

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();

    Optional<Channel> find(String name) {
        return Optional.ofNullable(channels.get(name));
    }

    void put(Channel channel) {
        channels.put(channel.name(), channel);
    }

    void remove(String name, Channel channel) {
        channels.remove(name, channel);
    }
}
