package io.conduit.files;

import io.conduit.core.datatype.DataType;
import io.conduit.core.datatype.MessageFormatException;
import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.datatype.ReceiveResult;
import io.conduit.core.message.Metadata;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny HL7-like data type for tests: lines are segments ({@code PID|1|12345^^^H}), batches are
 * messages separated by blank lines, and paths are {@code SEG-FIELD} or {@code SEG-FIELD.COMPONENT}
 * where field N is the N-th value after the segment name. A batch holding the line {@code BROKEN}
 * fails to split; content starting with {@code GARBAGE} fails to parse.
 */
final class SegmentDataType implements DataType {

    private static final Pattern PATH = Pattern.compile("([A-Z][A-Z0-9]{2})-(\\d+)(?:\\.(\\d+))?");

    @Override
    public String name() {
        return "segments";
    }

    @Override
    public ParsedMessage parse(byte[] raw) throws MessageFormatException {
        String text = new String(raw, StandardCharsets.UTF_8);
        if (text.startsWith("GARBAGE")) {
            throw new MessageFormatException(MessageFormatException.Kind.REJECTED, "not a segment message", null, null);
        }
        return new SegmentMessage(text);
    }

    @Override
    public List<byte[]> split(byte[] content) throws MessageFormatException {
        String text = new String(content, StandardCharsets.UTF_8);
        List<byte[]> messages = new ArrayList<>();
        for (String part : text.split("\\n\\s*\\n")) {
            if (part.strip().equals("BROKEN")) {
                throw new MessageFormatException(MessageFormatException.Kind.REJECTED, "batch trailer missing", "BTS", null);
            }
            if (!part.isBlank()) {
                messages.add(part.strip().getBytes(StandardCharsets.UTF_8));
            }
        }
        return messages;
    }

    @Override
    public Optional<byte[]> response(byte[] raw, ReceiveResult result) {
        return Optional.empty();
    }

    private record SegmentMessage(String text) implements ParsedMessage {

        @Override
        public String dataType() {
            return "segments";
        }

        @Override
        public byte[] bytes() {
            return text.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Charset charset() {
            return StandardCharsets.UTF_8;
        }

        @Override
        public Metadata metadata() {
            return Metadata.EMPTY;
        }

        @Override
        public Optional<String> get(String path) {
            Matcher m = PATH.matcher(path);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a segment path: " + path);
            }
            for (String line : text.split("\\R")) {
                String[] fields = line.split("\\|", -1);
                if (fields[0].equals(m.group(1))) {
                    int field = Integer.parseInt(m.group(2));
                    if (field >= fields.length) {
                        return Optional.empty();
                    }
                    String value = fields[field];
                    if (m.group(3) != null) {
                        String[] components = value.split("\\^", -1);
                        int component = Integer.parseInt(m.group(3));
                        value = component <= components.length ? components[component - 1] : "";
                    }
                    return value.isEmpty() ? Optional.empty() : Optional.of(value);
                }
            }
            return Optional.empty();
        }

        @Override
        public ParsedMessage with(String path, String value) {
            throw new UnsupportedOperationException("read-only test message");
        }
    }
}
