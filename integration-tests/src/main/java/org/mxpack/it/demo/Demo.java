package org.mxpack.it.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.mxpack.it.Pack;
import org.mxpack.testkit.JamesProcess;
import org.mxpack.testkit.LoopbackDnsServer;
import org.mxpack.testkit.SmtpSink;

/**
 * {@code ./mxpack demo}: a real James 3.8.1 with the pack loaded from {@code extensions-jars/},
 * the embedded DNS server serving the demo zone and a sink standing in for downstream MXs, all on
 * 127.0.0.1. Prints what runs and swaks commands to try; Ctrl-C stops everything.
 */
public final class Demo {
    private static final String SRS_DOMAIN = "fwd.example.test";
    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        int port = 2525;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--root":
                    System.setProperty("mxpack.root", args[++i]);
                    break;
                case "--version":
                    System.setProperty("mxpack.version", args[++i]);
                    break;
                case "--port":
                    port = Integer.parseInt(args[++i]);
                    break;
                case "--help":
                case "-h":
                    System.out.println("usage: mxpack demo [--port N]   (default 2525; Ctrl-C stops)");
                    return;
                default:
                    System.err.println("mxpack demo: unknown option " + args[i] + " (try --help)");
                    System.exit(2);
            }
        }
        List<AutoCloseable> running = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nmxpack demo: stopping ...");
            for (int i = running.size() - 1; i >= 0; i--) {
                try {
                    running.get(i).close();
                } catch (Exception e) {
                    System.err.println("mxpack demo: " + e);
                }
            }
            stopped.countDown();
        }));
        Path demo = Pack.root().resolve("integration-tests/src/main/demo");
        LoopbackDnsServer dns = LoopbackDnsServer.start();
        running.add(dns);
        dns.loadZoneFile(demo.resolve("demo.zone"), "test.");
        SmtpSink sink = SmtpSink.start();
        running.add(sink);
        Path work = Files.createTempDirectory("mxpack-demo-");
        System.out.println("mxpack demo: starting James 3.8.1 with mxpack " + Pack.version() + " in " + work + " ...");
        JamesProcess james;
        try {
            james = Pack.james()
                    .workDir(work)
                    .smtpPort(port)
                    .dns(dns.address())
                    .token("SINK_PORT", Integer.toString(sink.port()))
                    .confFile("mxpack/helo-blocklist.txt", read(demo.resolve("helo-blocklist.txt")))
                    .confFile("mxpack/sender-blocklist.txt", read(demo.resolve("sender-blocklist.txt")))
                    .confEdit("smtpserver.xml", "<!-- <zone>[^<]*</zone> -->", "<zone>bl.demo.test</zone>")
                    // forwarding demo: SRS on, a relay domain whose next hop is the sink, and James's own
                    // RemoteDelivery sends off-site copies to the sink (its DNS client only asks port 53)
                    .confEdit("mxpack.xml", "</mxpack>", "<srs><domain>" + SRS_DOMAIN
                            + "</domain><secret>demo-secret-not-for-production</secret></srs></mxpack>")
                    .confEdit("mxpack.xml", "<!-- <relay>[^<]*</relay> -->",
                            "<relay>partner.test " + sink.address() + "</relay>")
                    .confEdit("mailetcontainer.xml", "<outgoing>outgoing</outgoing>",
                            "<outgoing>outgoing</outgoing><gateway>127.0.0.1</gateway><gatewayPort>"
                            + sink.port() + "</gatewayPort>")
                    .start();
        } catch (IOException e) {
            System.err.println("mxpack demo: James did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        running.add(james);
        james.addUser("bob@example.test", "demo-password");
        james.addUser("postmaster@example.test", "demo-password");
        james.addUser("carol@example.test", "demo-password");
        // a RecipientRewriteTable forward, as an admin makes one with WebAdmin
        james.webadmin("PUT", "/address/forwards/carol@example.test/targets/carol@elsewhere.example", null);
        printArrivals(sink);
        printBanner(james, dns, sink, work);
        stopped.await();
    }

    /** The sink prints what it receives, so the SRS sender of a forward is visible in the demo's output. */
    private static void printArrivals(SmtpSink sink) {
        Thread t = new Thread(() -> {
            int seen = 0;
            while (true) {
                List<SmtpSink.Received> got = sink.messages();
                for (; seen < got.size(); seen++) {
                    SmtpSink.Received m = got.get(seen);
                    System.out.println("sink received: MAIL FROM:<" + m.mailFrom + "> RCPT TO:" + m.recipients
                            + " Subject: " + m.header("Subject"));
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "demo-sink-printer");
        t.setDaemon(true);
        t.start();
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    private static void printBanner(JamesProcess james, LoopbackDnsServer dns, SmtpSink sink, Path work) {
        int p = james.smtpPort();
        String s = "swaks --server 127.0.0.1:" + p;
        System.out.println();
        System.out.println("mxpack demo is running (Ctrl-C stops everything):");
        System.out.println("  James 3.8.1 SMTP   127.0.0.1:" + p + "   (mxpack jars in " + work.resolve("extensions-jars") + ")");
        System.out.println("  James webadmin     127.0.0.1:" + james.webadminPort());
        System.out.println("  DNS (demo zone)    " + dns.address() + "   (UDP+TCP)");
        System.out.println("  downstream sink    " + sink.address());
        System.out.println("  James log          " + work.resolve("james.log"));
        System.out.println("  local domain       example.test (users bob@, postmaster@, carol@ -> carol@elsewhere.example)");
        System.out.println("  relay domain       partner.test -> " + sink.address() + "   SRS domain " + SRS_DOMAIN);
        System.out.println();
        System.out.println("Try:");
        System.out.println("  # accepted: clean HELO, local recipient  -> 250");
        System.out.println("  " + s + " --ehlo mail.good.example --from alice@good.example --to bob@example.test");
        System.out.println("  # refused at EHLO: listed name           -> 550 5.7.1 Client host rejected: HELO name spam.example.org ...");
        System.out.println("  " + s + " --ehlo spam.example.org --from alice@good.example --to bob@example.test");
        System.out.println("  # refused at EHLO: listed domain suffix  -> 550 5.7.1 ... matches rule .bad.example");
        System.out.println("  " + s + " --ehlo relay7.bad.example --from alice@good.example --to bob@example.test");
        System.out.println("  # refused at EHLO: listed address literal -> 550 5.7.1 ... matches rule 198.51.100.0/24");
        System.out.println("  " + s + " --ehlo '[198.51.100.7]' --from alice@good.example --to bob@example.test");
        System.out.println("  # SPF fail, refused after DATA (no DKIM)  -> 550 5.7.23 SPF: forger.example does not designate 127.0.0.1 ...");
        System.out.println("  " + s + " --ehlo mail.good.example --from ceo@forger.example --to bob@example.test");
        System.out.println("  # refused at MAIL FROM: null MX sender    -> 550 5.7.27");
        System.out.println("  " + s + " --ehlo mail.good.example --from info@nullmx.example --to bob@example.test");
        System.out.println("  # refused at MAIL FROM: blocked sender    -> 550 5.7.1 Sender address rejected: ...");
        System.out.println("  " + s + " --ehlo mail.good.example --from x@spammer.example --to bob@example.test");
        System.out.println("  # refused at RCPT TO: no such recipient   -> 550 5.1.1 <nobody@example.test>: no route to this recipient here");
        System.out.println("  " + s + " --ehlo mail.good.example --from alice@good.example --to nobody@example.test");
        System.out.println("  # refused at RCPT TO: client on a DNSBL   -> 550 5.7.1 Client host rejected: 127.0.0.2 is listed on bl.demo.test ...");
        System.out.println("  " + s + " --local-interface 127.0.0.2 --ehlo mail.good.example --from alice@good.example --to bob@example.test");
        System.out.println("  # refused at end of DATA: DMARC p=reject  -> 550 5.7.26 DMARC: message failed strict.example policy (p=reject)");
        System.out.println("  " + s + " --ehlo mail.good.example --from alice@good.example --to bob@example.test --header 'From: boss@strict.example'");
        System.out.println("  # forwarded off-site with SRS: carol@example.test forwards to carol@elsewhere.example;");
        System.out.println("  # the sink prints MAIL FROM:<SRS0=HHHH=TT=good.example=alice@" + SRS_DOMAIN + ">");
        System.out.println("  " + s + " --ehlo mail.good.example --from alice@good.example --to carol@example.test");
        System.out.println("  # relay domain partner.test: passed on to its next hop (the sink), sender unchanged");
        System.out.println("  " + s + " --ehlo mail.good.example --from alice@good.example --to someone@partner.test");
        System.out.println();
        System.out.flush();
    }
}
