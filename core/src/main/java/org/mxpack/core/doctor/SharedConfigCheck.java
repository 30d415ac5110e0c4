package org.mxpack.core.doctor;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.mxpack.core.config.ConfigException;
import org.mxpack.core.config.DomConfigSource;
import org.mxpack.core.dns.DnsSettings;
import org.mxpack.core.policy.ConfiguredPolicy;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * {@code conf/mxpack.xml} and mxpack's handler sections parse exactly as James will read them
 * (strictly, list files included: {@link ConfiguredPolicy}), and each configured DNS server answers.
 */
final class SharedConfigCheck implements DoctorCheck {
    private static final String FILE = "conf/mxpack.xml";
    private static final Duration DNS_WAIT = Duration.ofSeconds(2);

    @Override
    public void run(JamesHome home, List<Finding> out) {
        Path xml = home.conf().resolve("mxpack.xml");
        if (!Files.isRegularFile(xml)) {
            out.add(Finding.error(FILE, "absent: mxpack asks the system's resolvers and names itself after the machine",
                    "copy the zip's conf/mxpack.xml to " + home.conf() + " and set <dns><server> and <hostName>"));
        }
        if (Files.isRegularFile(xml) || mentionsHandlers(home.conf().resolve("smtpserver.xml"))) {
            try (ConfiguredPolicy policy = ConfiguredPolicy.load(home.conf(), List.of(), null, List.of())) {
                out.add(Finding.ok("conf", "mxpack.xml, mxpack's handler sections and their list files read as James reads them"));
            } catch (ConfigException e) {
                out.add(Finding.error("conf", e.getMessage().replaceFirst("^mxpack: ", ""),
                        "James would not start; docs/operator-guide.md names every knob"));
            }
        }
        if (Files.isRegularFile(xml)) {
            dnsServers(xml, out);
        }
    }

    private static boolean mentionsHandlers(Path smtpserverXml) {
        try {
            return Files.readString(smtpserverXml).contains(SmtpServerCheck.HOOKS);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void dnsServers(Path xml, List<Finding> out) {
        List<String> servers;
        try {
            servers = DomConfigSource.read(xml).values("dns.server");
        } catch (ConfigException e) {
            return; // reported above
        }
        if (servers.isEmpty()) {
            out.add(Finding.warn(FILE, "no <dns><server>: mxpack asks the system's resolvers (/etc/resolv.conf of James's host)",
                    "name your recursive resolver: <dns><server>127.0.0.1:53</server></dns>"));
            return;
        }
        for (String server : servers) {
            String where = FILE + " <dns><server>" + server + "</server>";
            InetSocketAddress address;
            try {
                address = DnsSettings.parseServers(List.of(server)).get(0);
            } catch (IllegalArgumentException e) {
                continue; // reported above as a configuration error
            }
            try {
                SimpleResolver resolver = new SimpleResolver(address);
                resolver.setTimeout(DNS_WAIT);
                Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.root, Type.NS, DClass.IN)));
                int rcode = answer.getRcode();
                if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
                    out.add(Finding.ok(where, "answers"));
                } else {
                    out.add(Finding.warn(where, "answers " + Rcode.string(rcode) + " to a query for the root zone: "
                            + "is it a recursive resolver that serves this host?", "point <server> at your recursive resolver"));
                }
            } catch (Exception e) {
                out.add(Finding.error(where, "no answer within " + DNS_WAIT.toSeconds() + " s (" + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName())
                        + "): every lookup would be a temporary error (4xx)", "point <server> at a resolver that answers"));
            }
        }
    }
}
