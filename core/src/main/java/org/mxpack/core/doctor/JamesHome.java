package org.mxpack.core.doctor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** An installed James home as doctor reads it: {@code conf/}, {@code extensions-jars/} and its XML files. */
final class JamesHome {
    private final Path dir;

    JamesHome(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path conf() {
        return dir.resolve("conf");
    }

    Path extensionsJars() {
        return dir.resolve("extensions-jars");
    }

    /** The root element of {@code conf/NAME}; empty when the file is absent. Throws {@link XmlError} when it does not parse. */
    Optional<Element> xml(String name) {
        Path file = conf().resolve(name);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return Optional.of(f.newDocumentBuilder().parse(in).getDocumentElement());
        } catch (Exception e) {
            throw new XmlError("conf/" + name + " does not parse: " + e.getMessage());
        }
    }

    /** Child elements of {@code e} named {@code name}. */
    static List<Element> children(Element e, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && ((Element) n).getTagName().equals(name)) {
                out.add((Element) n);
            }
        }
        return out;
    }

    /** Every descendant element of {@code e} named {@code name}, in document order. */
    static List<Element> descendants(Element e, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                if (((Element) n).getTagName().equals(name)) {
                    out.add((Element) n);
                }
                out.addAll(descendants((Element) n, name));
            }
        }
        return out;
    }

    /** The trimmed text of the first child {@code name}, or "". */
    static String text(Element e, String name) {
        List<Element> c = children(e, name);
        return c.isEmpty() ? "" : c.get(0).getTextContent().trim();
    }

    /** A configuration file that is not well-formed XML. */
    static final class XmlError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        XmlError(String message) {
            super(message);
        }
    }
}
