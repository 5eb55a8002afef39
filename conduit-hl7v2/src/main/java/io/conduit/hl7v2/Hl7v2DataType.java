package io.conduit.hl7v2;

import io.conduit.core.datatype.DataType;
import io.conduit.core.datatype.MessageFormatException;
import io.conduit.core.datatype.ReceiveResult;
import io.conduit.core.datatype.ResponseStatus;
import io.conduit.core.message.Metadata;
import io.conduit.hl7v2.ack.AckBuilder;
import io.conduit.hl7v2.ack.AckInterpreter;
import io.conduit.hl7v2.batch.BatchSplitter;
import io.conduit.hl7v2.parse.Hl7Message;
import io.conduit.hl7v2.path.Hl7Path;
import io.conduit.hl7v2.validate.StrictValidator;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The HL7 v2 data type: parses with the lean {@link Hl7Message} reader, checks the header (and,
 * with {@code validation: strict}, the message against its version's rules), splits batches, builds
 * ACKs and reads peers' ACKs.
 *
 * <p>Immutable and thread-safe; one instance serves all of a channel's connections. Never logs or
 * throws message content.
 */
public final class Hl7v2DataType implements DataType {

    /** The name channel files use. */
    public static final String NAME = Hl7Message.DATA_TYPE;

    private final Hl7v2Options options;
    private final AckBuilder acks;
    private final AckInterpreter responses;

    /** A data type with the system clock (for ACK timestamps and control ids). */
    public Hl7v2DataType(Hl7v2Options options) {
        this(options, Clock.systemDefaultZone());
    }

    /** @param clock gives ACK timestamps (in its zone) and control ids; inject a fixed one in tests */
    public Hl7v2DataType(Hl7v2Options options, Clock clock) {
        this.options = options;
        this.acks = new AckBuilder(options.ackMode(), options.honorAcceptAckType(), options.defaultCharset(), clock);
        this.responses = new AckInterpreter(options.defaultCharset());
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The settings this data type was built with. */
    public Hl7v2Options options() {
        return options;
    }

    /**
     * @return an {@link Hl7Message}
     */
    @Override
    public Hl7Message parse(byte[] raw) throws MessageFormatException {
        Hl7Message message;
        try {
            message = Hl7Message.parse(raw, options.defaultCharset());
        } catch (MessageFormatException e) {
            throw e.withMetadata(readableMetadata(raw));
        }
        if (options.validation() == Hl7v2Options.Validation.STRICT) {
            try {
                StrictValidator.validate(message);
            } catch (MessageFormatException e) {
                throw e.withMetadata(message.metadata());
            }
        }
        return message;
    }

    /** What the header of a message that failed its checks still tells, so its error can be searched for. */
    private Metadata readableMetadata(byte[] raw) {
        try {
            return Hl7Message.read(raw, options.defaultCharset()).metadata();
        } catch (MessageFormatException | RuntimeException unreadable) {
            return Metadata.EMPTY;
        }
    }

    /** One message per MSH, from FHS/BHS batches or plain concatenated messages; checks BTS/FTS counts. */
    @Override
    public List<byte[]> split(byte[] content) throws MessageFormatException {
        return BatchSplitter.split(content);
    }

    /** Element paths: {@code PID-3[1].1}, {@code OBX[*]-5}. */
    @Override
    public void checkPath(String path) {
        Hl7Path.parse(path);
    }

    /** Element paths and segment selectors: {@code NTE} (every NTE), {@code NTE[2]}. */
    @Override
    public void checkSelector(String path) {
        if (!Hl7Message.isSegmentSelector(path)) {
            checkPath(path);
        }
    }

    /**
     * Field by field ({@code PID-5.1: expected "DOE", got "Doe"}); several messages in one text
     * (a split channel's parts) are compared message by message.
     */
    @Override
    public List<String> differences(byte[] expected, byte[] actual) {
        try {
            List<byte[]> e = split(expected);
            List<byte[]> a = split(actual);
            List<String> out = new java.util.ArrayList<>();
            if (e.size() != a.size()) {
                out.add("expected " + e.size() + " message(s), got " + a.size());
            }
            for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
                String prefix = e.size() > 1 ? "message " + (i + 1) + ": " : "";
                for (String d : io.conduit.hl7v2.parse.Hl7Differences.of(Hl7Message.read(e.get(i), options.defaultCharset()),
                        Hl7Message.read(a.get(i), options.defaultCharset()))) {
                    out.add(prefix + d);
                }
            }
            return out;
        } catch (MessageFormatException e) {
            return DataType.super.differences(expected, actual);
        }
    }

    @Override
    public Optional<byte[]> response(byte[] raw, ReceiveResult result) {
        if (result instanceof ReceiveResult.Accepted accepted && accepted.response() != null) {
            return Optional.of(accepted.response());
        }
        return acks.build(raw, result);
    }

    @Override
    public ResponseStatus interpretResponse(byte[] response) {
        return responses.interpret(response);
    }
}
