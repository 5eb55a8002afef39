package io.conduit.formats.xml;

import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.message.Metadata;
import io.conduit.formats.common.MetadataPaths;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;

/**
 * A parsed XML message: a DOM document that only this message holds, the received bytes while
 * unmodified, and how to write the XML declaration back. Paths are described in the package
 * documentation.
 *
 * <p><b>Immutability and threads.</b> {@link #with} and {@link #without} work on a deep copy of the
 * document and return a new message, so no document is ever changed once a message holds it. The
 * DOM is nevertheless not safe for concurrent reads (the JDK's implementation fills caches as it is
 * read), and a message may be read by several destinations at once, so every access to the
 * document holds this message's lock.
 */
final class XmlMessage implements ParsedMessage {

    private final Document document;
    private final byte @Nullable [] original;
    private final XmlProlog prolog;
    private final XmlCodec codec;
    private final MetadataPaths metadataPaths;
    private volatile byte @Nullable [] serialized;
    private volatile @Nullable Metadata metadata;

    XmlMessage(Document document, byte @Nullable [] original, XmlProlog prolog, XmlCodec codec, MetadataPaths metadataPaths) {
        this.document = document;
        this.original = original;
        this.prolog = prolog;
        this.codec = codec;
        this.metadataPaths = metadataPaths;
    }

    @Override
    public String dataType() {
        return XmlDataType.NAME;
    }

    /** The received bytes while unmodified, else the document written as {@link XmlProlog} describes (a copy either way). */
    @Override
    public byte[] bytes() {
        if (original != null) {
            return original.clone();
        }
        byte[] bytes = serialized;
        if (bytes == null) {
            synchronized (this) {
                bytes = codec.write(document, prolog);
            }
            serialized = bytes;
        }
        return bytes.clone();
    }

    @Override
    public Charset charset() {
        return prolog.charset();
    }

    /** The values the data type's {@code metadata:} paths read from this message (as it is now). */
    @Override
    public Metadata metadata() {
        Metadata m = metadata;
        if (m == null) {
            m = metadataPaths.extract(this::get);
            metadata = m;
        }
        return m;
    }

    /** An element's text content (all text inside it), an attribute's value, or the element's own text for {@code text()}. */
    @Override
    public synchronized Optional<String> get(String path) {
        XmlPath p = XmlPath.parse(path);
        if (p.hasWildcard()) {
            throw new IllegalArgumentException("'" + path + "' has a wildcard; use getAll for [*]");
        }
        return Optional.ofNullable(XmlTree.value(document, p));
    }

    /** Each {@code [*]} step expands to {@code [1]}, {@code [2]} … for the elements present; later steps stay as written. */
    @Override
    public synchronized List<String> paths(String path) {
        XmlPath p = XmlPath.parse(path);
        if (!p.hasWildcard()) {
            return List.of(path);
        }
        List<String> result = new ArrayList<>();
        XmlTree.expand(document, p, result::add);
        return result;
    }

    /**
     * How many elements of the last step's name the parent holds ({@code /order/item} counts the
     * items); with a position, or for an attribute or {@code text()}, 1 when present and 0 when not.
     */
    @Override
    public synchronized int count(String path) {
        XmlPath p = XmlPath.parse(path);
        if (p.hasWildcard()) {
            throw new IllegalArgumentException("count takes one element path (e.g. /order/item), not a wildcard path");
        }
        if (p.attribute() != null || p.textNode()) {
            return XmlTree.value(document, p) == null ? 0 : 1;
        }
        return XmlTree.elements(document, p, true).size();
    }

    /** Writes {@code value}, creating missing elements and the attribute (see {@link XmlTree#set}). */
    @Override
    public XmlMessage with(String path, String value) {
        XmlPath p = XmlPath.parse(path);
        if (p.hasWildcard()) {
            throw new IllegalArgumentException("'" + path + "' has a wildcard; expand it with paths() and write each match");
        }
        Document copy = copy();
        XmlTree.set(copy, p, value);
        return new XmlMessage(copy, null, prolog.forWriting(), codec, metadataPaths);
    }

    /**
     * Removes the elements (all siblings of that name when the last step has no position), the
     * attribute or the own text that the path names, for every match of {@code [*]}.
     */
    @Override
    public XmlMessage without(String path) {
        XmlPath p = XmlPath.parse(path);
        Document copy = copy();
        return XmlTree.remove(copy, p) ? new XmlMessage(copy, null, prolog.forWriting(), codec, metadataPaths) : this;
    }

    private synchronized Document copy() {
        return (Document) document.cloneNode(true);
    }

    /** Whether this message is exactly what was received. */
    boolean isUnmodified() {
        return original != null;
    }

    /** Identifies the message without its content (safe to log). */
    @Override
    public String toString() {
        Metadata m = metadata();
        return "XmlMessage[messageType=" + m.get(Metadata.MESSAGE_TYPE).orElse("?") + ", controlId="
                + m.get(Metadata.CONTROL_ID).orElse("?") + ", charset=" + prolog.charset().name()
                + (original != null ? ", bytes=" + original.length : ", modified") + "]";
    }
}
