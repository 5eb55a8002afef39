package io.conduit.core.connector;

import io.conduit.core.datatype.DataType;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * What a destination gets from its channel.
 *
 * @param channel     the channel name
 * @param destination the destination's name within the channel
 * @param dataType    the channel's data type (reads peers' responses, resolves paths in templates)
 * @param dataDir     the engine's data directory; relative paths in destination settings resolve here
 * @param clock       the engine's clock
 */
public record DestinationContext(String channel, String destination, DataType dataType, Path dataDir,
                                 InstantSource clock) {
}
