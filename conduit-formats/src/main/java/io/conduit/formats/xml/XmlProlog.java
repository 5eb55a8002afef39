package io.conduit.formats.xml;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;

/**
 * How a document's XML declaration is written back when the message is modified.
 *
 * <p>The rule: a modified message keeps its declared encoding when that encoding is an ASCII
 * superset the JVM can write (UTF-8, ISO-8859-1, windows-1252 …), and characters it cannot hold
 * become character references. A document that was UTF-16 or UTF-32, or declared nothing, is
 * written in UTF-8, the XML default, with the declaration (if it had one) saying so. The
 * declaration is written only when the received document had one.
 *
 * @param charset      the encoding of the message's bytes (received, or as it will be written)
 * @param declared     whether the received document began with an XML declaration
 * @param standalone   the declaration's {@code standalone="yes"}
 * @param version      the declared XML version, {@code 1.0} by default
 */
record XmlProlog(Charset charset, boolean declared, boolean standalone, String version) {

    /** What the received bytes and their parsed document say. */
    static XmlProlog of(byte[] raw, Document document) {
        Charset received = receivedCharset(raw, document.getXmlEncoding());
        String start = new String(raw, 0, Math.min(raw.length, 16), received).replace("\uFEFF", "");
        boolean declared = start.startsWith("<?xml");
        String version = document.getXmlVersion() == null ? "1.0" : document.getXmlVersion();
        return new XmlProlog(received, declared, document.getXmlStandalone(), version);
    }

    /** The prolog for a modified copy: the encoding it will be written in (see the class comment). */
    XmlProlog forWriting() {
        return isAsciiSuperset(charset) ? this : new XmlProlog(StandardCharsets.UTF_8, declared, standalone, version);
    }

    /** The declaration to put before the document, or empty text when it had none. */
    String declaration() {
        if (!declared) {
            return "";
        }
        return "<?xml version=\"" + version + "\" encoding=\"" + charset.name() + "\""
                + (standalone ? " standalone=\"yes\"" : "") + "?>\n";
    }

    private static Charset receivedCharset(byte[] raw, @Nullable String declared) {
        if (declared != null && Charset.isSupported(declared)) {
            return Charset.forName(declared);
        }
        if (raw.length >= 2 && ((raw[0] & 0xFF) == 0xFE && (raw[1] & 0xFF) == 0xFF || (raw[0] & 0xFF) == 0xFF && (raw[1] & 0xFF) == 0xFE)) {
            return StandardCharsets.UTF_16;
        }
        return StandardCharsets.UTF_8;
    }

    private static boolean isAsciiSuperset(Charset charset) {
        String name = charset.name().toUpperCase(Locale.ROOT);
        if (name.startsWith("UTF-16") || name.startsWith("UTF-32") || !charset.canEncode()) {
            return false;
        }
        byte[] ascii = "<?xml version=\"1.0\"?>".getBytes(charset);
        return new String(ascii, StandardCharsets.US_ASCII).equals("<?xml version=\"1.0\"?>");
    }
}
