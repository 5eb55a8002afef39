package io.conduit.files;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.connector.Destination;
import io.conduit.core.connector.DestinationContext;
import io.conduit.core.connector.DestinationFactory;

/**
 * Builds the {@code file} destination, which writes each message to one file in a local directory,
 * atomically (temporary file, fsync, rename).
 *
 * <p>Settings (relative paths resolve against the engine's data directory):
 * <pre>
 * destinations:
 *   - name: archive
 *     type: file
 *     directory: outbound/archive            # required
 *     fileName: "{date:yyyyMMdd}/{messageId}.hl7"   # default {messageId}.msg
 *     timeZone: UTC                           # default UTC; zone of {date:…} and {time:…}
 *     onExists: overwrite                     # overwrite (default) | error | suffix
 *     createDirectories: true                 # default true
 * </pre>
 * File-name placeholders, in braces: {@code {channel}}, {@code {destination}}, {@code {messageId}},
 * {@code {date:PATTERN}} and {@code {time:PATTERN}} (a {@link java.time.format.DateTimeFormatter}
 * pattern applied to the time the channel received the message), {@code {metadata.KEY}} (e.g.
 * {@code {metadata.controlId}}) and data type paths such as {@code {MSH-10}} or {@code {PID-3.1}}.
 * {@code {{} and {@code }}} are literal braces; {@code /} in the literal text makes sub-directories.
 * Values are sanitised so a message cannot make a file escape the directory.
 *
 * <p>{@code overwrite} keeps redelivery idempotent; {@code error} fails the delivery for good when
 * the name is taken; {@code suffix} writes {@code name.1.ext}, {@code name.2.ext}, … instead (so a
 * redelivery writes a second file). Thread-safe and stateless; found with
 * {@link java.util.ServiceLoader}.
 */
public final class FileDestinationFactory implements DestinationFactory {

    /** The {@code type:} value of this destination. */
    public static final String TYPE = "file";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Destination create(ConfigNode config, DestinationContext context) throws ConfigException {
        return new FileDestination(FileDestinationSettings.read(config, context.dataDir()), context, new LocalFileStorage());
    }
}
