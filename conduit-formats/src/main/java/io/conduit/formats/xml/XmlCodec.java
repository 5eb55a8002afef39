package io.conduit.formats.xml;

import io.conduit.core.datatype.MessageFormatException;
import io.conduit.formats.common.InputLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses and writes XML with the JDK's DOM parser and identity transformer, configured so that
 * nothing outside the message is ever read.
 *
 * <p><b>Security.</b> Any DOCTYPE is refused ({@code disallow-doctype-decl}): without a DTD there
 * are no entity declarations, so neither external entities (XXE: reading files or URLs) nor
 * entity expansion ("billion laughs") can occur. External DTD, schema and stylesheet access is
 * switched off as well, XInclude is not processed, entity references are not expanded, and any
 * entity resolution is refused, each of which would already be unreachable; secure processing
 * keeps the JDK's limits on attribute counts and name lengths. {@code maxDepth} becomes the JDK's
 * {@code jdk.xml.maxElementDepth}.
 *
 * <p><b>Errors.</b> The parser's texts can name elements and entities of the message and go
 * through the default handler to standard error; neither may happen with PHI. A silent handler
 * turns every problem into our own text with the line and column.
 *
 * <p>Thread-safe: the JAXP factories are not guaranteed to be, so builders and transformers are
 * created under a lock, and each is used by one call only.
 */
final class XmlCodec {

    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";
    private static final String MAX_ELEMENT_DEPTH = "jdk.xml.maxElementDepth";
    private static final ErrorHandler SILENT_STRICT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // Warnings do not stop the parse and must not print.
        }

        @Override
        public void error(SAXParseException e) throws SAXParseException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
            throw e;
        }
    };

    private final InputLimits limits;
    private final DocumentBuilderFactory builders;
    private final TransformerFactory transformers;

    XmlCodec(InputLimits limits) {
        this.limits = limits;
        this.builders = secureBuilders(limits);
        this.transformers = secureTransformers();
    }

    private static DocumentBuilderFactory secureBuilders(InputLimits limits) {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature(DISALLOW_DOCTYPE, true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a feature secure parsing needs", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setAttribute(MAX_ELEMENT_DEPTH, Integer.toString(limits.maxDepth()));
        factory.setNamespaceAware(true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setValidating(false);
        return factory;
    }

    private static TransformerFactory secureTransformers() {
        TransformerFactory factory = TransformerFactory.newDefaultInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (javax.xml.transform.TransformerConfigurationException e) {
            throw new IllegalStateException("the JDK's XML transformer lacks secure processing", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        return factory;
    }

    /**
     * Parses one document.
     *
     * @throws MessageFormatException (rejected) saying what is wrong and where, never quoting content
     */
    Document parse(byte[] raw) throws MessageFormatException {
        limits.checkSize(raw);
        if (isBlank(raw)) {
            throw rejected("the message holds no XML (it is empty or only white space)", null);
        }
        DocumentBuilder builder = newBuilder();
        try {
            return builder.parse(new ByteArrayInputStream(raw));
        } catch (SAXParseException e) {
            String location = e.getLineNumber() > 0 ? "line " + e.getLineNumber() + ", column " + e.getColumnNumber() : null;
            throw classify(String.valueOf(e.getMessage()), location);
        } catch (SAXException e) {
            throw classify(String.valueOf(e.getMessage()), null);
        } catch (IOException e) {
            throw rejected("the XML could not be read", null);
        }
    }

    private MessageFormatException classify(String parserText, @Nullable String location) {
        if (parserText.contains(DISALLOW_DOCTYPE)) {
            return rejected("a DOCTYPE is not allowed: DTDs and entity declarations are refused, so that no external "
                    + "resource is read and no entity expands", location);
        }
        // The JDK names the property in the text; JAXP00010006 is the depth limit's stable code.
        if (parserText.contains(MAX_ELEMENT_DEPTH) || parserText.contains("JAXP00010006")) {
            return limits.tooDeep(location);
        }
        if (parserText.contains("JAXP0")) {
            // The JDK's other processing limits (attributes per element, name length …).
            return rejected("the XML exceeds a limit of the parser", location);
        }
        return rejected("the XML is not well-formed", location);
    }

    /** Empty or only ASCII white space: nothing for the parser to name a location in. */
    private static boolean isBlank(byte[] raw) {
        for (byte b : raw) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    private DocumentBuilder newBuilder() {
        DocumentBuilder builder;
        synchronized (builders) {
            try {
                builder = builders.newDocumentBuilder();
            } catch (ParserConfigurationException e) {
                throw new IllegalStateException("cannot create an XML parser", e);
            }
        }
        builder.setErrorHandler(SILENT_STRICT);
        // Unreachable while DOCTYPEs are refused; a second lock on the same door.
        builder.setEntityResolver((publicId, systemId) -> {
            throw new SAXException("external entities are refused");
        });
        return builder;
    }

    /** Writes {@code document} with {@code prolog}'s declaration and encoding. */
    byte[] write(Document document, XmlProlog prolog) {
        Transformer transformer;
        synchronized (transformers) {
            try {
                transformer = transformers.newTransformer();
            } catch (javax.xml.transform.TransformerConfigurationException e) {
                throw new IllegalStateException("cannot create an XML writer", e);
            }
        }
        // We write the declaration ourselves: the JDK's adds standalone="no" and drops the line break.
        transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
        transformer.setOutputProperty(OutputKeys.ENCODING, prolog.charset().name());
        transformer.setOutputProperty(OutputKeys.METHOD, "xml");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prolog.declaration().getBytes(prolog.charset()));
        try {
            transformer.transform(new DOMSource(document), new StreamResult(out));
        } catch (TransformerException e) {
            throw new IllegalStateException("could not write an XML document", e);
        }
        return out.toByteArray();
    }

    private static MessageFormatException rejected(String message, @Nullable String location) {
        return new MessageFormatException(MessageFormatException.Kind.REJECTED, message, location, null);
    }
}
