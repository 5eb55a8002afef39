package io.conduit.core.connector;

import io.conduit.core.datatype.DataType;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * What a source gets from its channel.
 *
 * @param channel  the channel name (for thread names and logs)
 * @param dataType the channel's data type, which builds responses
 * @param receiver where to hand each message
 * @param dataDir  the engine's data directory (for state a source must keep)
 * @param clock    the engine's clock
 */
public record SourceContext(String channel, DataType dataType, MessageReceiver receiver, Path dataDir,
                            InstantSource clock) {
}
