package org.mxpack.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** {@link ConfigSource} over a DOM element: mxpack.xml, or a {@code <handler>} of smtpserver.xml. */
public final class DomConfigSource implements ConfigSource {
    private final Element element;
    private final String location;

    public DomConfigSource(Element element, String location) {
        this.element = element;
        this.location = location;
    }

    /** The root element of an XML file. */
    public static DomConfigSource read(Path file) {
        return new DomConfigSource(parse(file).getDocumentElement(), file.getFileName().toString());
    }

    /** An element given as XML text (tests, examples in docs). */
    public static DomConfigSource ofXml(String xml, String location) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return new DomConfigSource(f.newDocumentBuilder()
                    .parse(new org.xml.sax.InputSource(new java.io.StringReader(xml))).getDocumentElement(), location);
        } catch (IOException | SAXException | ParserConfigurationException e) {
            throw new ConfigException("mxpack: " + location + ": not well-formed XML: " + e.getMessage(), e);
        }
    }

    /** The {@code <handler class="...">} of {@code className} in an smtpserver.xml, if it is configured. */
    public static Optional<DomConfigSource> handler(Path smtpserverXml, String className) {
        Element root = parse(smtpserverXml).getDocumentElement();
        List<Element> found = new ArrayList<>();
        collect(root, "handler", found);
        for (Element h : found) {
            if (className.equals(h.getAttribute("class").trim())) {
                return Optional.of(new DomConfigSource(h, smtpserverXml.getFileName()
                        + " <handler class=\"" + className + "\">"));
            }
        }
        return Optional.empty();
    }

    private static void collect(Element e, String name, List<Element> out) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                if (((Element) n).getTagName().equals(name)) {
                    out.add((Element) n);
                }
                collect((Element) n, name, out);
            }
        }
    }

    private static org.w3c.dom.Document parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            return b.parse(in);
        } catch (IOException | SAXException | ParserConfigurationException e) {
            throw new ConfigException("mxpack: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> value(String path) {
        List<String> all = values(path);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    @Override
    public List<String> values(String path) {
        String[] parts = path.split("\\.");
        List<Element> current = List.of(element);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            String attr = null;
            int at = part.indexOf("[@");
            if (at >= 0) {
                attr = part.substring(at + 2, part.length() - 1);
                part = part.substring(0, at);
            }
            List<Element> next = new ArrayList<>();
            for (Element e : current) {
                for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element && ((Element) n).getTagName().equals(part)) {
                        next.add((Element) n);
                    }
                }
            }
            if (i == parts.length - 1) {
                for (Element e : next) {
                    if (attr != null) {
                        if (e.hasAttribute(attr)) {
                            out.add(e.getAttribute(attr).trim());
                        }
                    } else {
                        out.add(e.getTextContent().trim());
                    }
                }
            }
            current = next;
        }
        return out;
    }

    @Override
    public List<String> present() {
        List<String> out = new ArrayList<>();
        listBelow(element, "", out);
        return out;
    }

    private static void listBelow(Element e, String prefix, List<String> out) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                Element child = (Element) n;
                String path = prefix + child.getTagName();
                out.add(path);
                for (int i = 0; i < child.getAttributes().getLength(); i++) {
                    out.add(path + "[@" + child.getAttributes().item(i).getNodeName() + "]");
                }
                listBelow(child, path + ".", out);
            }
        }
    }

    @Override
    public String location() {
        return location;
    }
}
