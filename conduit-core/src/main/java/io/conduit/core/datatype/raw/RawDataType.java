package io.conduit.core.datatype.raw;

import io.conduit.core.datatype.DataType;
import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.datatype.ReceiveResult;
import io.conduit.core.message.Metadata;
import java.nio.charset.Charset;
import java.util.Optional;

/**
 * Bytes passed through untouched: no parsing, no metadata, no protocol response. For transfers
 * where the engine only moves content (and for tests).
 */
public final class RawDataType implements DataType {

    public static final String NAME = "raw";

    private final Charset charset;

    public RawDataType(Charset charset) {
        this.charset = charset;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ParsedMessage parse(byte[] raw) {
        return new RawMessage(raw, charset);
    }

    @Override
    public Optional<byte[]> response(byte[] raw, ReceiveResult result) {
        return Optional.empty();
    }

    private record RawMessage(byte[] bytes, Charset charset) implements ParsedMessage {

        @Override
        public String dataType() {
            return NAME;
        }

        @Override
        public Metadata metadata() {
            return Metadata.EMPTY;
        }

        @Override
        public Optional<String> get(String path) {
            throw new IllegalArgumentException("raw messages have no paths");
        }

        @Override
        public ParsedMessage with(String path, String value) {
            throw new IllegalArgumentException("raw messages have no paths");
        }
    }
}
