package io.conduit.formats.xml;

import io.conduit.core.datatype.DataType;
import io.conduit.core.datatype.MessageFormatException;
import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.datatype.ReceiveResult;
import java.util.Optional;
import org.w3c.dom.Document;

/**
 * The XML data type: parses well-formed XML 1.0 securely (no DTDs, so no external entities and no
 * entity expansion) within size and depth limits, and reads metadata through configured paths. XML
 * carries no protocol answer, so {@link #response} is empty.
 *
 * <p>Immutable and thread-safe. Never logs or throws message content.
 */
public final class XmlDataType implements DataType {

    /** The name channel files use. */
    public static final String NAME = "xml";

    private final XmlOptions options;
    private final XmlCodec codec;

    public XmlDataType(XmlOptions options) {
        this.options = options;
        this.codec = new XmlCodec(options.limits());
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The settings this data type was built with. */
    public XmlOptions options() {
        return options;
    }

    /**
     * @throws MessageFormatException (rejected) for XML that is not well-formed, any DOCTYPE, or
     *                                content beyond the limits; the error gives line and column,
     *                                never content
     */
    @Override
    public ParsedMessage parse(byte[] raw) throws MessageFormatException {
        byte[] copy = raw.clone();
        Document document = codec.parse(copy);
        return new XmlMessage(document, copy, XmlProlog.of(copy, document), codec, options.metadata());
    }

    /** Rejects a malformed path at load, so a channel with a mistyped path does not deploy. */
    @Override
    public void checkPath(String path) {
        XmlPath.parse(path);
    }

    @Override
    public Optional<byte[]> response(byte[] raw, ReceiveResult result) {
        return Optional.empty();
    }
}
