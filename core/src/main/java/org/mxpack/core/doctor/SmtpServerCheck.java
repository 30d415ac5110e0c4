package org.mxpack.core.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.w3c.dom.Element;

/**
 * {@code conf/smtpserver.xml}: mxpack's handlers on the MX listener, complete and in order, before
 * James's core handlers; {@code enableJmx="false"}; no {@code ValidRcptHandler}; and who
 * {@code authorizedAddresses} exempts from every check.
 */
final class SmtpServerCheck implements DoctorCheck {
    static final String HOOKS = "org.mxpack.smtp.";
    /** The shipped order: MessageHook right after ClientHook starts end-of-DATA lookups at MAIL FROM. */
    static final List<String> ORDER = List.of("ClientHook", "MessageHook", "SenderHook", "RecipientHook", "VerdictsToMail");
    private static final String CORE = "org.apache.james.smtpserver.CoreCmdHandlerLoader";
    private static final String VALID_RCPT = "org.apache.james.smtpserver.fastfail.ValidRcptHandler";
    private static final String FILE = "conf/smtpserver.xml";

    @Override
    public void run(JamesHome home, List<Finding> out) {
        Optional<Element> root = home.xml("smtpserver.xml");
        if (root.isEmpty()) {
            out.add(Finding.error(FILE, "absent", "start from James's conf/smtpserver.xml and add mxpack's handlers"));
            return;
        }
        int withPack = 0;
        for (Element server : JamesHome.descendants(root.get(), "smtpserver")) {
            if ("false".equalsIgnoreCase(server.getAttribute("enabled").trim())) {
                continue;
            }
            List<Element> chains = JamesHome.children(server, "handlerchain");
            if (chains.isEmpty()) {
                continue;
            }
            Element chain = chains.get(0);
            List<String> classes = new ArrayList<>();
            for (Element h : JamesHome.children(chain, "handler")) {
                classes.add(h.getAttribute("class").trim());
            }
            if (classes.stream().noneMatch(c -> c.startsWith(HOOKS))) {
                continue;
            }
            withPack++;
            checkListener(server, chain, classes, out);
        }
        if (withPack == 0) {
            out.add(Finding.error(FILE, "no <smtpserver> has mxpack's handlers: nothing is checked",
                    "paste the handlers between <!-- mxpack: begin --> and <!-- mxpack: end --> of the zip's "
                            + "conf/smtpserver.xml at the top of the <handlerchain> of your port-25 listener"));
        }
    }

    private static void checkListener(Element server, Element chain, List<String> classes, List<Finding> out) {
        String bind = JamesHome.text(server, "bind");
        String where = FILE + " <smtpserver> on " + (bind.isEmpty() ? "?" : bind);
        int errors = 0;
        if (!"false".equalsIgnoreCase(chain.getAttribute("enableJmx").trim())) {
            out.add(Finding.error(where, "<handlerchain> without enableJmx=\"false\": James 3.8.1 answers every "
                    + "connection 451 (NullPointerException in ConnectHandlerStats)", "write <handlerchain enableJmx=\"false\">"));
            errors++;
        }
        if (classes.contains(VALID_RCPT)) {
            out.add(Finding.error(where, "ValidRcptHandler refuses recipients of relay domains and SRS bounces "
                    + "before RecipientHook sees them (RecipientHook does its job)", "remove <handler class=\"" + VALID_RCPT + "\"/>"));
            errors++;
        }
        List<String> pack = new ArrayList<>();
        for (String c : classes) {
            if (c.startsWith(HOOKS)) {
                pack.add(c.substring(HOOKS.length()));
            }
        }
        List<String> missing = new ArrayList<>(ORDER);
        missing.removeAll(pack);
        if (!missing.isEmpty()) {
            out.add(Finding.error(where, "mxpack handlers missing: " + String.join(", ", missing),
                    "add them in this order: " + String.join(", ", ORDER)));
            errors++;
        }
        List<String> unknown = new ArrayList<>(pack);
        unknown.removeAll(ORDER);
        if (!unknown.isEmpty()) {
            out.add(Finding.error(where, "no such mxpack handler: " + String.join(", ", unknown) + " (James will not start)",
                    "use only " + String.join(", ", ORDER)));
            errors++;
        }
        int core = classes.indexOf(CORE);
        if (core >= 0 && classes.subList(0, core).stream().filter(c -> c.startsWith(HOOKS)).count() < pack.size()) {
            out.add(Finding.error(where, "an mxpack handler comes after CoreCmdHandlerLoader: James's own RCPT "
                    + "relay check would answer before RecipientHook", "move mxpack's handlers above CoreCmdHandlerLoader"));
            errors++;
        }
        if (missing.isEmpty() && !inOrder(pack)) {
            boolean verdictsEarly = pack.indexOf("VerdictsToMail") < pack.indexOf("MessageHook");
            if (verdictsEarly) {
                out.add(Finding.error(where, "VerdictsToMail before MessageHook: the end-of-DATA verdicts never reach "
                        + "the mail (Authentication-Results lacks dkim and dmarc)", "list VerdictsToMail last"));
                errors++;
            } else {
                out.add(Finding.warn(where, "mxpack handlers in the order " + String.join(", ", pack)
                        + ": works, but the end-of-DATA lookups start later", "use " + String.join(", ", ORDER)));
            }
        }
        authorized(server, where, out);
        if (errors == 0) {
            out.add(Finding.ok(where, "mxpack handlers " + String.join(", ", pack)));
        }
    }

    private static boolean inOrder(List<String> pack) {
        List<String> expected = new ArrayList<>(ORDER);
        expected.retainAll(pack);
        List<String> actual = new ArrayList<>(pack);
        actual.retainAll(ORDER);
        return expected.equals(actual);
    }

    /** authorizedAddresses may relay and skip mxpack: the whole internet is an open relay, loopback a silent test. */
    private static void authorized(Element server, String where, List<Finding> out) {
        String nets = JamesHome.text(server, "authorizedAddresses");
        for (String net : nets.split("[,\\s]+")) {
            String n = net.trim();
            if (n.equals("0.0.0.0/0") || n.equals("::/0") || n.equals("*")) {
                out.add(Finding.error(where, "<authorizedAddresses> holds " + n + ": every client may relay and no "
                        + "mxpack check runs (open relay)", "list only your own networks"));
            } else if (n.startsWith("127.") || n.equals("::1") || n.equalsIgnoreCase("localhost")) {
                out.add(Finding.warn(where, "<authorizedAddresses> holds " + n + ": a test sent from the MX itself "
                        + "(swaks --server localhost) is exempt from every mxpack check and is accepted",
                        "test from a host outside " + nets + " (mail from there is what an MX receives)"));
            }
        }
    }
}
