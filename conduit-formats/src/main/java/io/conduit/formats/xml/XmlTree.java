package io.conduit.formats.xml;

import io.conduit.formats.xml.XmlPath.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.xml.XMLConstants;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Finds, writes and removes what an {@link XmlPath} names in a DOM document. Names match on local
 * names: the namespace (and prefix) of an element or attribute is ignored when reading, and a
 * created element takes its parent's namespace and prefix.
 *
 * <p>Not thread-safe, like the DOM itself: callers hold the lock of the document's owner. Writes
 * change the document in place; {@link XmlMessage} writes only to its own fresh copy.
 */
final class XmlTree {

    private XmlTree() {
    }

    /** The elements a path's steps select, in document order: {@code [*]} takes all, no position the first. */
    static List<Element> elements(Document document, XmlPath path, boolean allOfLastStep) {
        List<Element> current = new ArrayList<>();
        Element root = document.getDocumentElement();
        Step first = path.steps().getFirst();
        if (root == null || !localName(root).equals(first.name()) || first.position() > 1) {
            return current;
        }
        current.add(root);
        List<Step> steps = path.steps();
        for (int i = 1; i < steps.size(); i++) {
            Step step = steps.get(i);
            boolean all = step.position() == XmlPath.ANY || allOfLastStep && i == steps.size() - 1 && step.position() == XmlPath.FIRST;
            List<Element> next = new ArrayList<>();
            for (Element parent : current) {
                if (all) {
                    next.addAll(children(parent, step.name()));
                } else {
                    Element child = child(parent, step.name(), Math.max(1, step.position()));
                    if (child != null) {
                        next.add(child);
                    }
                }
            }
            current = next;
        }
        return current;
    }

    /** The text at a path without wildcards, or null when it names nothing. */
    static @Nullable String value(Document document, XmlPath path) {
        List<Element> found = elements(document, path, false);
        if (found.isEmpty()) {
            return null;
        }
        Element element = found.getFirst();
        if (path.attribute() != null) {
            Attr attr = attribute(element, path.attribute());
            return attr == null ? null : attr.getValue();
        }
        return path.textNode() ? ownText(element) : element.getTextContent();
    }

    /** Concrete paths for each match of the {@code [*]} steps, in document order; later steps as written. */
    static void expand(Document document, XmlPath path, Consumer<String> out) {
        Element root = document.getDocumentElement();
        Step first = path.steps().getFirst();
        if (root == null || !localName(root).equals(first.name()) || first.position() > 1) {
            return;
        }
        String rootText = "/" + (first.position() == XmlPath.ANY ? first.name() + "[1]" : first.toString());
        expand(root, path, 1, new StringBuilder(rootText), out);
    }

    private static void expand(Element element, XmlPath path, int i, StringBuilder prefix, Consumer<String> out) {
        List<Step> steps = path.steps();
        if (i > path.lastWildcard()) {
            StringBuilder concrete = new StringBuilder(prefix);
            for (int k = i; k < steps.size(); k++) {
                concrete.append('/').append(steps.get(k));
            }
            out.accept(concrete.append(path.suffix()).toString());
            return;
        }
        int length = prefix.length();
        Step step = steps.get(i);
        if (step.position() == XmlPath.ANY) {
            List<Element> children = children(element, step.name());
            for (int k = 0; k < children.size(); k++) {
                prefix.append('/').append(step.name()).append('[').append(k + 1).append(']');
                expand(children.get(k), path, i + 1, prefix, out);
                prefix.setLength(length);
            }
            return;
        }
        Element child = child(element, step.name(), Math.max(1, step.position()));
        if (child != null) {
            prefix.append('/').append(step);
            expand(child, path, i + 1, prefix, out);
            prefix.setLength(length);
        }
    }

    /**
     * Writes {@code value} at a path without wildcards, creating missing elements (appended after
     * their siblings) and the attribute. An element's content is replaced by the text; {@code text()}
     * replaces only the element's own text, keeping child elements.
     *
     * @throws IllegalArgumentException when the root step does not name the root element, or a
     *                                  position skips over missing siblings
     */
    static void set(Document document, XmlPath path, String value) {
        Element root = document.getDocumentElement();
        Step first = path.steps().getFirst();
        if (root == null || !localName(root).equals(first.name()) || first.position() > 1) {
            throw new IllegalArgumentException("the path's first step does not name the document's root element");
        }
        Element element = root;
        List<Step> steps = path.steps();
        for (int i = 1; i < steps.size(); i++) {
            element = childOrNew(document, element, steps.get(i), i);
        }
        if (path.attribute() != null) {
            Attr attr = attribute(element, path.attribute());
            if (attr != null) {
                attr.setValue(value);
            } else {
                element.setAttributeNS(null, path.attribute(), value);
            }
        } else if (path.textNode()) {
            removeOwnText(element);
            if (!value.isEmpty()) {
                element.insertBefore(document.createTextNode(value), element.getFirstChild());
            }
        } else {
            while (element.getFirstChild() != null) {
                element.removeChild(element.getFirstChild());
            }
            if (!value.isEmpty()) {
                element.appendChild(document.createTextNode(value));
            }
        }
    }

    private static Element childOrNew(Document document, Element parent, Step step, int i) {
        int position = Math.max(1, step.position());
        List<Element> siblings = children(parent, step.name());
        if (position <= siblings.size()) {
            return siblings.get(position - 1);
        }
        if (position > siblings.size() + 1) {
            throw new IllegalArgumentException("step " + (i + 1) + ": position " + position + " of " + siblings.size()
                    + " elements; only the next position (" + (siblings.size() + 1) + ") adds one");
        }
        String prefix = parent.getPrefix();
        Element created = document.createElementNS(parent.getNamespaceURI(), prefix == null ? step.name() : prefix + ":" + step.name());
        Node after = siblings.isEmpty() ? null : siblings.getLast().getNextSibling();
        parent.insertBefore(created, after);
        return created;
    }

    /**
     * Removes what a path names: elements (every sibling of that name when the last step has no
     * position), an attribute, or an element's own text; for every match of {@code [*]}.
     *
     * @return whether anything was removed
     * @throws IllegalArgumentException when the path names the root element
     */
    static boolean remove(Document document, XmlPath path) {
        boolean elementTarget = path.attribute() == null && !path.textNode();
        if (elementTarget && path.steps().size() == 1) {
            throw new IllegalArgumentException("the root element cannot be removed");
        }
        boolean removed = false;
        for (Element element : elements(document, path, elementTarget)) {
            if (path.attribute() != null) {
                Attr attr = attribute(element, path.attribute());
                if (attr != null) {
                    element.removeAttributeNode(attr);
                    removed = true;
                }
            } else if (path.textNode()) {
                removed |= removeOwnText(element);
            } else {
                element.getParentNode().removeChild(element);
                removed = true;
            }
        }
        return removed;
    }

    /** The child elements with local name {@code name}, in document order. */
    static List<Element> children(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName(e).equals(name)) {
                result.add(e);
            }
        }
        return result;
    }

    private static @Nullable Element child(Element parent, String name, int position) {
        int seen = 0;
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName(e).equals(name) && ++seen == position) {
                return e;
            }
        }
        return null;
    }

    /** The attribute with local name {@code name}, whatever its namespace; namespace declarations are not attributes here. */
    static @Nullable Attr attribute(Element element, String name) {
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attr = (Attr) attributes.item(i);
            if (!XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attr.getNamespaceURI()) && localName(attr).equals(name)) {
                return attr;
            }
        }
        return null;
    }

    private static String ownText(Element element) {
        StringBuilder sb = new StringBuilder();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
                sb.append(n.getNodeValue());
            }
        }
        return sb.toString();
    }

    private static boolean removeOwnText(Element element) {
        boolean removed = false;
        Node n = element.getFirstChild();
        while (n != null) {
            Node next = n.getNextSibling();
            if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
                element.removeChild(n);
                removed = true;
            }
            n = next;
        }
        return removed;
    }

    /** The local name, or the node name for nodes created without namespace support. */
    static String localName(Node node) {
        String local = node.getLocalName();
        return local != null ? local : node.getNodeName();
    }
}
