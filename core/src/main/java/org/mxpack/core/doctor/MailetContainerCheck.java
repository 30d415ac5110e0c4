package org.mxpack.core.doctor;

import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.mxpack.core.config.ConfigSource;
import org.mxpack.core.config.DomConfigSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * {@code conf/mailetcontainer.xml} has the mxpack parts that what is configured needs: always
 * Authentication-Results (it also removes forged ones carrying our name); relay domains need
 * RecipientIsRelayDomain and NextHopDelivery; SRS needs SrsReverse and SrsForward; the
 * forwardability choice {@code local} needs KeepLocal; {@code <arc><seal>} needs ArcSeal.
 */
final class MailetContainerCheck implements DoctorCheck {
    private static final String MAILETS = "org.mxpack.mailet.";
    private static final String FILE = "conf/mailetcontainer.xml";
    private static final String MERGE = "merge the part marked \"mxpack:\" for it from the zip's conf/mailetcontainer.xml "
            + "(a stock James 3.8.1 one may be replaced by the zip's whole)";

    @Override
    public void run(JamesHome home, List<Finding> out) {
        Optional<Element> root = home.xml("mailetcontainer.xml");
        if (root.isEmpty()) {
            out.add(Finding.error(FILE, "absent", "copy the zip's conf/mailetcontainer.xml"));
            return;
        }
        Set<String> used = new HashSet<>();
        collect(root.get(), used);
        int before = out.size();
        need(used, "AuthenticationResults", "no Authentication-Results on accepted mail, and forged ones that "
                + "carry our host name are kept", out);
        ConfigSource mxpackXml = Files.isRegularFile(home.conf().resolve("mxpack.xml"))
                ? DomConfigSource.read(home.conf().resolve("mxpack.xml")) : ConfigSource.empty("mxpack.xml");
        if (!mxpackXml.values("routes.relay").isEmpty()) {
            need(used, "RecipientIsRelayDomain", "mxpack.xml has relay domains, but their mail is not routed to "
                    + "their next hop (James would deliver or bounce it)", out);
            need(used, "NextHopDelivery", "mxpack.xml has relay domains, but nothing delivers to their next hop", out);
        }
        if (!mxpackXml.values("srs.domain").isEmpty()) {
            need(used, "SrsReverse", "mxpack.xml enables SRS, but bounces to SRS addresses are not sent back "
                    + "to the original sender", out);
            need(used, "SrsForward", "mxpack.xml enables SRS, but forwarded mail leaves without an SRS sender "
                    + "(it fails SPF at the next hop)", out);
        }
        if (!mxpackXml.values("arc.seal.domain").isEmpty()) {
            need(used, "ArcSeal", "mxpack.xml configures <arc><seal>, but nothing seals forwarded or relayed mail", out);
        }
        if (forwardsLocally(home)) {
            need(used, "KeepLocal", "MessageHook <forwardability><onForward>local</onForward> keeps a copy here, "
                    + "but nothing delivers it locally (it would still be forwarded)", out);
        }
        if (out.size() == before) {
            out.add(Finding.ok(FILE, "the mxpack mailets the configuration needs are there"));
        }
    }

    private static void need(Set<String> used, String name, String problem, List<Finding> out) {
        if (!used.contains(MAILETS + name)) {
            out.add(Finding.error(FILE, "no " + MAILETS + name + ": " + problem, MERGE));
        }
    }

    private static boolean forwardsLocally(JamesHome home) {
        try {
            return DomConfigSource.handler(home.conf().resolve("smtpserver.xml"), SmtpServerCheck.HOOKS + "MessageHook")
                    .flatMap(h -> h.value("forwardability.onForward"))
                    .map(v -> v.equalsIgnoreCase("local")).orElse(false);
        } catch (RuntimeException e) {
            return false; // an unreadable smtpserver.xml is reported by SmtpServerCheck
        }
    }

    /** Every mailet class and matcher name (condition stripped) used anywhere in the file. */
    private static void collect(Element e, Set<String> out) {
        for (String attribute : new String[] {"class", "match"}) {
            String v = e.getAttribute(attribute).trim();
            if (!v.isEmpty()) {
                out.add(v.contains("=") ? v.substring(0, v.indexOf('=')) : v);
            }
        }
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                collect((Element) n, out);
            }
        }
    }
}
