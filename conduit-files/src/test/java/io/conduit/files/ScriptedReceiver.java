package io.conduit.files;

import io.conduit.core.connector.MessageReceiver;
import io.conduit.core.datatype.MessageFormatException;
import io.conduit.core.datatype.ReceiveResult;
import io.conduit.core.datatype.raw.RawDataType;
import io.conduit.core.message.MessageId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A channel stand-in for source tests: records every message it is handed and answers with what
 * the test's script says for that message's text (accepted unless told otherwise).
 */
final class ScriptedReceiver implements MessageReceiver {

    /** One message as handed over. */
    record Received(String text, String origin) {
    }

    /** What to answer for a message. */
    enum Answer {
        ACCEPT,
        REJECT,
        FAIL
    }

    private static final RawDataType RAW = new RawDataType(StandardCharsets.UTF_8);

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(1);
    private final List<Received> rejections = new CopyOnWriteArrayList<>();
    private volatile Function<String, Answer> script = text -> Answer.ACCEPT;
    private volatile boolean rejectFails;

    /** Whether {@link #reject} answers "could not store" (the store is down) from now on. */
    void rejectFails(boolean fails) {
        this.rejectFails = fails;
    }

    /** What was handed to {@link #reject}: the reason as text, and the origin. */
    List<Received> rejections() {
        return rejections;
    }

    /** Answers by message text from now on. */
    void answer(Function<String, Answer> script) {
        this.script = script;
    }

    List<Received> received() {
        return received;
    }

    List<String> texts() {
        return received.stream().map(Received::text).toList();
    }

    @Override
    public ReceiveResult receive(byte[] raw, String origin) {
        String text = new String(raw, StandardCharsets.UTF_8);
        received.add(new Received(text, origin));
        MessageId id = new MessageId(ids.getAndIncrement());
        return switch (script.apply(text)) {
            case ACCEPT -> new ReceiveResult.Accepted(id, RAW.parse(raw), false);
            case REJECT -> new ReceiveResult.Rejected(id,
                    new MessageFormatException(MessageFormatException.Kind.REJECTED, "test says no", null, null));
            case FAIL -> new ReceiveResult.Failed(null, "store unavailable (test)");
        };
    }

    @Override
    public ReceiveResult reject(byte[] content, String reason, String origin) {
        rejections.add(new Received(reason, origin));
        if (rejectFails) {
            return new ReceiveResult.Failed(null, "store unavailable (test)");
        }
        return new ReceiveResult.Rejected(new MessageId(ids.getAndIncrement()),
                new MessageFormatException(MessageFormatException.Kind.REJECTED, reason, null, null));
    }
}
