package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Every knob the shipped configuration carries is documented in README.md's operator guide
 * (STYLE.md 10: docs must not drift from the config keys).
 */
class OperatorGuideTest {
    private final Path conf = Pack.distribution().resolve("conf");

    private String guide() throws Exception {
        String readme = Files.readString(Pack.root().resolve("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("## Operator guide");
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    private static Element root(Path xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile()).getDocumentElement();
    }

    private static void names(Element e, Set<String> out) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                out.add(((Element) n).getTagName());
                names((Element) n, out);
            }
        }
    }

    private static List<Element> mxpackHandlers(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                Element c = (Element) n;
                if (c.getTagName().equals("handler") && c.getAttribute("class").startsWith("org.mxpack.")) {
                    out.add(c);
                }
                out.addAll(mxpackHandlers(c));
            }
        }
        return out;
    }

    @Test
    void everyShippedHookKnobIsInTheGuide() throws Exception {
        String guide = guide();
        Set<String> knobs = new TreeSet<>();
        List<Element> handlers = mxpackHandlers(root(conf.resolve("smtpserver.xml")));
        assertThat(handlers).hasSizeGreaterThanOrEqualTo(4);
        for (Element h : handlers) {
            assertThat(guide).as("the guide names " + h.getAttribute("class")).contains(h.getAttribute("class"));
            names(h, knobs);
        }
        List<String> missing = new ArrayList<>();
        for (String k : knobs) {
            if (!guide.contains("<" + k + ">")) {
                missing.add(k);
            }
        }
        assertThat(missing).as("smtpserver.xml knobs missing from the operator guide").isEmpty();
    }

    @Test
    void everyShippedMailetAndItsParametersAreInTheGuide() throws Exception {
        String guide = guide();
        List<String> missing = new ArrayList<>();
        collectMailets(root(conf.resolve("mailetcontainer.xml")), guide, missing);
        assertThat(missing).as("mxpack mailets/matchers or their parameters missing from the operator guide").isEmpty();
    }

    private static void collectMailets(Element e, String guide, List<String> missing) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element)) {
                continue;
            }
            Element c = (Element) n;
            for (String attr : List.of("class", "match")) {
                String v = c.getAttribute(attr);
                if (v.startsWith("org.mxpack.")) {
                    String name = v.substring("org.mxpack.mailet.".length()).split("=")[0];
                    if (!guide.contains(name)) {
                        missing.add(v);
                    }
                    if (attr.equals("class")) {
                        Set<String> params = new TreeSet<>();
                        names(c, params);
                        for (String p : params) {
                            if (!guide.contains("<" + p + ">") && !guide.contains("`" + p + "`")) {
                                missing.add(v + " <" + p + ">");
                            }
                        }
                    }
                }
            }
            collectMailets(c, guide, missing);
        }
    }

    @Test
    void everySharedSettingIsInTheGuide() throws Exception {
        String guide = guide();
        Set<String> knobs = new TreeSet<>();
        names(root(conf.resolve("mxpack.xml")), knobs);
        List<String> missing = new ArrayList<>();
        for (String k : knobs) {
            if (!guide.contains("<" + k + ">")) {
                missing.add(k);
            }
        }
        assertThat(missing).as("mxpack.xml settings missing from the operator guide").isEmpty();
    }
}
