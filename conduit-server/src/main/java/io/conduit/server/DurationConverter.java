package io.conduit.server;

import io.conduit.core.config.ConfigNode;
import java.time.Duration;
import picocli.CommandLine;

/** Reads durations the way config files write them ({@code 500ms}, {@code 30s}, {@code 5m}). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return ConfigNode.parseDuration(value).orElseThrow(() ->
                new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 500ms, 30s or 5m"));
    }
}
