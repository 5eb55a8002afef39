package io.conduit.files;

import io.conduit.core.connector.DeliveryResult;
import io.conduit.core.connector.Destination;
import io.conduit.core.connector.DestinationContext;
import io.conduit.core.connector.OutboundMessage;
import io.conduit.core.datatype.MessageFormatException;
import io.conduit.core.datatype.ParsedMessage;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code file} destination: writes each message's content, byte for byte, to one file whose
 * name comes from the {@link FileNameTemplate}, atomically (see {@link FileStorage#writeAtomically}):
 * a reader of the directory never sees a partial file, only hidden {@code .NAME.tmp-…} files while a
 * write is under way.
 *
 * <p>Outcomes: {@link DeliveryResult.Sent} with {@code wrote <relative path> (N bytes)};
 * {@link DeliveryResult.Retry} when the write fails (directory missing or not writable, disk full);
 * {@link DeliveryResult.Fail} when retrying cannot help: the name is taken under
 * {@code onExists: error}, or the template cannot be resolved for this message (content the data
 * type cannot parse, an invalid path, an empty name).
 *
 * <p>Redelivery: with the default {@code onExists: overwrite} and a name that depends only on the
 * message (the default {@code {messageId}.msg}), a resend after a crash rewrites the same file,
 * so delivery is idempotent. Names built from message fields may themselves be PHI; they appear in
 * delivery details.
 *
 * <p>The channel calls {@link #send} from one thread; the destination holds no mutable state.
 */
final class FileDestination implements Destination {

    private static final Logger log = LoggerFactory.getLogger(FileDestination.class);

    private final FileDestinationSettings settings;
    private final DestinationContext context;
    private final FileStorage storage;

    FileDestination(FileDestinationSettings settings, DestinationContext context, FileStorage storage) {
        this.settings = settings;
        this.context = context;
        this.storage = storage;
    }

    @Override
    public DeliveryResult send(OutboundMessage message) {
        String name;
        try {
            name = settings.fileName().resolve(new FileNameTemplate.Values(context.channel(), context.destination(),
                    message, parsedIfNeeded(message)));
        } catch (MessageFormatException e) {
            return DeliveryResult.fail("file name template " + settings.fileName() + " needs the parsed message, but "
                    + context.dataType().name() + " cannot parse it: " + e.describe());
        } catch (IllegalArgumentException e) {
            return DeliveryResult.fail("file name template " + settings.fileName() + ": " + e.getMessage());
        }
        try {
            String written = storage.writeAtomically(settings.directory(), name, message.content(), settings.onExists(),
                    settings.createDirectories());
            String relative = Path.of(settings.directory()).relativize(Path.of(written)).toString();
            log.debug("Channel {}, destination {}: message {} written to {} ({} bytes)", context.channel(),
                    context.destination(), message.id(), relative, message.content().length);
            return DeliveryResult.sent(null, "wrote " + relative + " (" + message.content().length + " bytes)");
        } catch (TargetExistsException e) {
            return DeliveryResult.fail(name + " already exists in " + settings.directory() + " (onExists: error)");
        } catch (IOException | IllegalArgumentException e) {
            return DeliveryResult.retry("cannot write " + name + " in " + settings.directory() + ": " + e);
        }
    }

    private @Nullable ParsedMessage parsedIfNeeded(OutboundMessage message) throws MessageFormatException {
        return settings.fileName().needsParse() ? context.dataType().parse(message.content()) : null;
    }

    @Override
    public void close() {
        // Nothing held open between sends.
    }
}
