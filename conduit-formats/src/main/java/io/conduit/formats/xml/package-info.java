/**
 * The {@code xml} data type: {@link io.conduit.formats.xml.XmlDataType}, built by
 * {@link io.conduit.formats.xml.XmlDataTypeFactory} from {@link io.conduit.formats.xml.XmlOptions}.
 *
 * <h2>Paths</h2>
 * A path is a small subset of XPath 1.0: an absolute location path of element names, each with an
 * optional position, and optionally a final attribute or {@code text()}:
 * <pre>
 * /order/patient/name        the first name element in the first patient of the root order
 * /order/item[2]/code        position from 1 among the sibling item elements, as in XPath
 * /order/item[*]/code        every item (a wildcard, for getAll, paths and the steps)
 * /order/@id                 an attribute
 * /order/note/text()         the element's own text, without that of its child elements
 * </pre>
 * <ul>
 *   <li>The first step names the root element. A step without a position means the first element
 *       of that name (as XPath's string value does), except where {@code count} and
 *       {@code without} say otherwise below.</li>
 *   <li><b>Namespaces:</b> steps and attributes match on <b>local names</b>; the namespace and prefix
 *       are ignored, and a prefix in a path ({@code hl7:id}) is refused so that nobody expects it to
 *       select a namespace. Namespace declarations ({@code xmlns}) are not attributes.</li>
 *   <li>Not supported: {@code //}, {@code ..}, {@code *} as a name, predicates other than a
 *       position, functions other than a final {@code text()}.</li>
 * </ul>
 *
 * <h2>Reading and writing</h2>
 * <ul>
 *   <li>{@code get} gives an element's text content (all text inside it, comments excluded), an
 *       attribute's value, or with {@code text()} the element's own text; an existing empty
 *       element gives empty text, a missing one nothing.</li>
 *   <li>{@code with} creates what is missing: elements are appended after their siblings of the
 *       same name (a position may be at most one past the last), in the parent's namespace and
 *       with its prefix; attributes are created without a namespace. Writing an element replaces
 *       its whole content with the text; {@code text()} replaces only its own text.</li>
 *   <li>{@code without} removes elements, an attribute or an element's own text; a last step
 *       without a position removes <b>every</b> sibling of that name ({@code /order/note}), as
 *       HL7 v2's {@code NTE} removes every NTE; {@code /order/note[2]} removes one. The root element
 *       cannot be removed.</li>
 *   <li>{@code count} counts the elements of the last step's name under their parent
 *       ({@code /order/item}); with a position, or for an attribute or {@code text()}, it is 1 or 0.</li>
 *   <li>{@code forEach} pairs with positions: {@code over: /order/item} and
 *       {@code /order/item[{i}]/code}, the loop variable counting from 1 like XPath.</li>
 * </ul>
 *
 * <h2>Input and output</h2>
 * Parsing is secure: any DOCTYPE is refused, so there are no external entities (XXE) and no entity
 * expansion; see {@code XmlCodec}. XML that is not well-formed, a DOCTYPE, or content beyond
 * {@code maxBytes} or {@code maxDepth} is rejected with the line and column, without quoting
 * content. An unmodified message keeps its received bytes. A modified one is written in its
 * declared encoding when that is an ASCII superset such as UTF-8 or ISO-8859-1, else in UTF-8, with
 * an XML declaration only if the received document had one.
 */
@NullMarked
package io.conduit.formats.xml;

import org.jspecify.annotations.NullMarked;
