package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.core.config.ConfigException;
import org.mxpack.core.config.ConfigSource;
import org.mxpack.core.config.DomConfigSource;
import org.mxpack.core.config.FileResolver;
import org.mxpack.core.config.StrictSource;
import org.mxpack.core.policy.ClientPolicy;
import org.mxpack.core.policy.MessagePolicy;
import org.mxpack.core.policy.RecipientPolicy;
import org.mxpack.core.policy.SenderPolicy;
import org.mxpack.core.policy.SharedConfig;
import org.mxpack.core.routes.OfflineRouteResolver;
import org.mxpack.core.routes.RelayRoutes;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * docs/operator-guide.md against the code, both ways (STYLE.md 10: docs must not drift from the config
 * keys): every knob a reader asks for is in its section's table, every knob in a table is read, every
 * table example is accepted by the reader as James would read it, every XML block is well-formed, and
 * every knob the shipped configuration carries is documented.
 */
class OperatorGuideTest {
    private static final Pattern HEADING = Pattern.compile("(?m)^### .*$");
    private static final Pattern TAGS = Pattern.compile("`((?:<[A-Za-z][\\w.]*>)+)`");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final String SHARED = "conf/mxpack.xml";
    private static final Path GUIDE = Pack.root().resolve("docs/operator-guide.md");

    private static String guide;
    private static SharedConfig shared;
    private static Path anyListFile;
    /** How each documented section is read: the same readers the hooks and James use. */
    private static final Map<String, Function<ConfigSource, ?>> READERS = new LinkedHashMap<>();

    @BeforeAll
    static void readers() throws IOException {
        guide = Files.readString(GUIDE, StandardCharsets.UTF_8);
        // one line that every file knob accepts: a host-list rule, a sender-list rule and an SRS secret
        anyListFile = Files.writeString(Files.createTempFile("mxpack-list-", ".txt"), "# any list\nlisted.example\n");
        FileResolver anyFile = (source, path, value) -> anyListFile;
        shared = SharedConfig.read(ConfigSource.empty("probe"), anyFile, List.of(), null);
        OfflineRouteResolver routes = new OfflineRouteResolver(List.of(), RelayRoutes.none());
        READERS.put(SHARED, c -> SharedConfig.read(c, anyFile, List.of(), null));
        READERS.put("org.mxpack.smtp.ClientHook", c -> ClientPolicy.read(shared.services(), c, anyFile));
        READERS.put("org.mxpack.smtp.SenderHook", c -> SenderPolicy.read(shared.services(), c, anyFile));
        READERS.put("org.mxpack.smtp.RecipientHook", c -> RecipientPolicy.read(shared.services(), c, routes, Optional.empty()));
        READERS.put("org.mxpack.smtp.MessageHook", c -> MessagePolicy.read(shared.services(), c));
    }

    @AfterAll
    static void close() {
        if (shared != null) {
            shared.close();
        }
    }

    /** The knobs a reader asks for, from an empty section (readers read every knob, so this is all of them). */
    private static Set<String> known(String section) {
        StrictSource probe = new StrictSource(ConfigSource.empty("probe"));
        Object read = READERS.get(section).apply(probe);
        if (read instanceof AutoCloseable) {
            try {
                ((AutoCloseable) read).close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return probe.known();
    }

    /** The text of the guide's section whose heading names {@code name}. */
    private static String section(String name) {
        Matcher m = HEADING.matcher(guide);
        while (m.find()) {
            if (m.group().contains("`" + name + "`") || m.group().contains(" " + name + " ")) {
                int start = m.start();
                int end = m.find() ? m.start() : guide.length();
                return guide.substring(start, end);
            }
        }
        throw new AssertionError("the guide has no section for " + name);
    }

    /** The rows of the section's knob tables: knob paths, example, meaning. */
    private static List<String[]> rows(String section) {
        List<String[]> out = new ArrayList<>();
        boolean inTable = false;
        for (String line : section.split("\n")) {
            if (line.startsWith("| knob | default | example |")) {
                inTable = true;
                continue;
            }
            if (!line.startsWith("|")) {
                inTable = false;
                continue;
            }
            if (inTable && !line.startsWith("| ---")) {
                String[] cells = line.split("(?<!\\\\)\\|");
                out.add(new String[] {cells[1], cells[3], cells[4]});
            }
        }
        return out;
    }

    private static Set<String> documented(String section) {
        return documented(section, false);
    }

    /** The knob paths of the section's tables; without the ones documented as passed through to another mailet. */
    private static Set<String> documented(String section, boolean ownOnly) {
        Set<String> out = new TreeSet<>();
        for (String[] row : rows(section(section))) {
            if (ownOnly && row[2].contains("passed")) {
                continue;
            }
            Matcher m = TAGS.matcher(row[0]);
            while (m.find()) {
                out.add(m.group(1).substring(1, m.group(1).length() - 1).replace("><", "."));
            }
        }
        return out;
    }

    @Test
    void everyKnobReadIsDocumentedAndEveryDocumentedKnobIsRead() {
        for (String section : READERS.keySet()) {
            Set<String> known = known(section);
            Set<String> documented = documented(section);
            Set<String> undocumented = new TreeSet<>(known);
            undocumented.removeAll(documented);
            Set<String> dead = new TreeSet<>(documented);
            dead.removeAll(known);
            assertThat(undocumented).as(section + ": knobs read but not in the guide's table").isEmpty();
            assertThat(dead).as(section + ": knobs in the guide that nothing reads").isEmpty();
        }
    }

    @Test
    void everyTableExampleIsAcceptedByItsReader() {
        List<String> refused = new ArrayList<>();
        int examples = 0;
        for (String section : READERS.keySet()) {
            String root = section.equals(SHARED) ? "mxpack" : "handler";
            for (String[] row : rows(section(section))) {
                Matcher m = CODE.matcher(row[1]);
                while (m.find()) {
                    String example = m.group(1);
                    if (!example.startsWith("<")) {
                        continue;
                    }
                    examples++;
                    try {
                        StrictSource source = new StrictSource(DomConfigSource.ofXml(
                                "<" + root + ">" + example + "</" + root + ">", section + " example"));
                        Object read = READERS.get(section).apply(source);
                        source.rejectUnknown();
                        if (read instanceof AutoCloseable) {
                            ((AutoCloseable) read).close();
                        }
                    } catch (Exception e) {
                        refused.add(section + ": " + example + " -> " + e.getMessage());
                    }
                }
            }
        }
        assertThat(examples).isGreaterThan(50);
        assertThat(refused).as("examples the reader refuses").isEmpty();
    }

    @Test
    void everyXmlBlockIsWellFormed() throws Exception {
        Matcher m = Pattern.compile("(?s)```xml\\n(.*?)```").matcher(guide);
        List<String> bad = new ArrayList<>();
        while (m.find()) {
            try {
                DocumentBuilderFactory.newInstance().newDocumentBuilder()
                        .parse(new InputSource(new StringReader("<x>" + m.group(1).replaceAll("<\\?xml[^>]*\\?>", "") + "</x>")));
            } catch (Exception e) {
                bad.add(m.group(1) + " -> " + e.getMessage());
            }
        }
        assertThat(bad).isEmpty();
    }

    @Test
    void everyShippedKnobIsDocumented() throws Exception {
        Path conf = Pack.distribution().resolve("conf");
        List<String> missing = new ArrayList<>();
        for (Element h : elements(root(conf.resolve("smtpserver.xml")), "handler")) {
            String cls = h.getAttribute("class");
            if (cls.startsWith("org.mxpack.") && READERS.containsKey(cls)) {
                Set<String> documented = documented(cls);
                for (String knob : present(h)) {
                    if (!documented.contains(knob) && documented.stream().noneMatch(d -> d.startsWith(knob + "."))) {
                        missing.add(cls + " " + knob);
                    }
                }
            }
        }
        Set<String> sharedDocs = documented(SHARED);
        for (String knob : present(root(conf.resolve("mxpack.xml")))) {
            if (!sharedDocs.contains(knob) && sharedDocs.stream().noneMatch(d -> d.startsWith(knob + "."))) {
                missing.add("mxpack.xml " + knob);
            }
        }
        for (Element mailet : elements(root(conf.resolve("mailetcontainer.xml")), "mailet")) {
            String cls = mailet.getAttribute("class");
            if (!cls.startsWith("org.mxpack.mailet.")) {
                continue;
            }
            for (String param : present(mailet)) {
                if (!section(cls).contains("`<" + param + ">`")) {
                    missing.add(cls + " <" + param + ">");
                }
            }
        }
        assertThat(missing).as("shipped knobs missing from the guide").isEmpty();
    }

    /**
     * Each mailet knob documented in its section is a name the mailet's source asks for (mailets read
     * flat init parameters, so the name appears as a literal), but those documented as passed through
     * unchanged to James's own mailet (NextHopDelivery to RemoteDelivery).
     */
    @Test
    void everyDocumentedMailetKnobIsReadByItsMailet() throws Exception {
        Matcher heading = Pattern.compile("(?m)^### Mailet `org\\.mxpack\\.mailet\\.(\\w+)`").matcher(guide);
        List<String> dead = new ArrayList<>();
        int mailets = 0;
        while (heading.find()) {
            mailets++;
            Path source = Pack.root().resolve("mailets/src/main/java/org/mxpack/mailet/" + heading.group(1) + ".java");
            String code = Files.readString(source, StandardCharsets.UTF_8);
            for (String knob : documented("org.mxpack.mailet." + heading.group(1), true)) {
                if (!code.contains("\"" + knob + "\"")) {
                    dead.add(heading.group(1) + " <" + knob + ">");
                }
            }
        }
        assertThat(mailets).isGreaterThanOrEqualTo(4);
        assertThat(dead).as("mailet knobs in the guide that the mailet never reads").isEmpty();
    }

    private static Element root(Path xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile()).getDocumentElement();
    }

    private static List<Element> elements(Element e, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                if (((Element) n).getTagName().equals(name)) {
                    out.add((Element) n);
                }
                out.addAll(elements((Element) n, name));
            }
        }
        return out;
    }

    private static List<String> present(Element e) {
        return new DomConfigSource(e, "shipped").present();
    }
}
