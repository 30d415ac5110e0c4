package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mxpack.core.config.DomConfigSource;
import org.mxpack.core.dkim.DkimSigner;
import org.mxpack.core.policy.MessagePolicy;
import org.mxpack.core.policy.Services;
import org.mxpack.testkit.JamesProcess;
import org.mxpack.testkit.LoopbackDnsServer;
import org.mxpack.testkit.RspamdDaemon;
import org.mxpack.testkit.SmtpClient;
import org.mxpack.testkit.SmtpReply;
import org.mxpack.testkit.SmtpSink;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;

/**
 * End-of-DATA checks through a real James 3.8.1, loopback DNS and a real rspamd: one James for every
 * case (DKIM is required only for strict.test, so the other cases are not affected by it). The spam
 * cases need rspamd installed and are skipped otherwise; the scanner-down case runs last, after rspamd
 * is stopped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndOfDataTest {
    static final String MAILETS = Pack.sinkPipeline(
            "      <mailet match=\"org.mxpack.mailet.HasVerdict=dmarc:quarantine\" class=\"SetMimeHeader\">",
            "        <name>X-Quarantine</name><value>dmarc</value>",
            "      </mailet>");

    private static LoopbackDnsServer dns;
    private static SmtpSink sink;
    private static RspamdDaemon rspamd;
    private static JamesProcess james;
    private static DkimSigner good;
    private static DkimSigner goodSha1;
    private static DkimSigner other;
    private static DkimSigner strict;

    @BeforeAll
    static void start() throws Exception {
        dns = LoopbackDnsServer.start();
        sink = SmtpSink.start();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        String key = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        for (String d : List.of("good.test", "other.test", "strict.test")) {
            dns.add(new TXTRecord(Name.fromString("sel._domainkey." + d + "."), DClass.IN, 300, chunks(key)));
        }
        dns.loadZone(String.join("\n",
                "$ORIGIN test.",
                "good          IN TXT \"v=spf1 ip4:127.0.0.1 -all\"",
                "_dmarc.good   IN TXT \"v=DMARC1; p=reject\"",
                "quar          IN TXT \"v=spf1 -all\"",
                "_dmarc.quar   IN TXT \"v=DMARC1; p=quarantine\"",
                "strict        IN TXT \"v=spf1 ip4:127.0.0.1 -all\"",
                "other         IN TXT \"v=spf1 -all\"",
                ""), "test.");
        dns.timeout("_dmarc.slow.test");
        good = DkimSigner.rsaSha256(pair.getPrivate(), "good.test", "sel");
        goodSha1 = DkimSigner.rsaSha1(pair.getPrivate(), "strict.test", "sel");
        other = DkimSigner.rsaSha256(pair.getPrivate(), "other.test", "sel");
        strict = DkimSigner.rsaSha256(pair.getPrivate(), "strict.test", "sel");
        String spam = "";
        if (RspamdDaemon.available()) {
            rspamd = RspamdDaemon.start(dns.address(), Duration.ofSeconds(60));
            spam = "<url>" + rspamd.uri() + "</url>";
        }
        james = Pack.james()
                .dns(dns.address())
                .confFile("mailetcontainer.xml", MAILETS)
                .token("SINK_PORT", Integer.toString(sink.port()))
                .confEdit("smtpserver.xml", "<maxSize>0</maxSize>", "<maxSize>64k</maxSize>")
                .confEdit("smtpserver.xml", "<require>none</require>", "<require>aligned</require>")
                .confEdit("smtpserver.xml", "<!-- <requireFor>paypal.example</requireFor> -->",
                        "<requireFor>strict.test</requireFor>")
                .confEdit("smtpserver.xml", "<!-- <url>http://127.0.0.1:11333</url> -->", spam)
                .confEdit("smtpserver.xml", "<timeout>10s</timeout>", "<timeout>3s</timeout>")
                .start();
        james.addUser("bob@example.test", "secret");
    }

    @AfterAll
    static void stop() {
        if (james != null) {
            james.close();
        }
        if (rspamd != null) {
            rspamd.close();
        }
        sink.close();
        dns.close();
    }

    static List<String> chunks(String text) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < text.length(); i += 255) {
            out.add(text.substring(i, Math.min(text.length(), i + 255)));
        }
        return out;
    }

    static String message(String from, String subject, String body) {
        return "From: " + from + "\r\nTo: bob@example.test\r\nSubject: " + subject
                + "\r\nDate: Tue, 14 Nov 2023 22:13:20 +0000\r\nMessage-ID: <" + Math.abs(subject.hashCode())
                + "@sender.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
                + body + "\r\n";
    }

    static String message(String from, String subject) {
        return message(from, subject, "Hello Bob,\r\nsee you tomorrow at the station.");
    }

    static String signed(DkimSigner signer, String message) throws Exception {
        return new String(signer.sign(message.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    static SmtpReply send(String sender, String message) throws Exception {
        try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
            assertThat(c.ehlo("mail.good.test").code()).isEqualTo(250);
            SmtpReply r = c.send(sender, List.of("bob@example.test"), message);
            c.quit();
            return r;
        }
    }

    static SmtpSink.Received delivered(String subject) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            for (SmtpSink.Received m : sink.messages()) {
                String s = m.header("Subject");
                if (s != null && s.contains(subject)) {
                    return m;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not delivered: " + subject + "\n" + james.logTail(60));
    }

    @Test
    @Order(0)
    void shippedSettingsAreValid() {
        java.nio.file.Path conf = Pack.distribution().resolve("conf");
        try (Services services = Services.fromConfig(DomConfigSource.read(conf.resolve("mxpack.xml")),
                List.of("127.0.0.1:53"), null)) {
            assertThat(MessagePolicy.read(services, DomConfigSource.handler(conf.resolve("smtpserver.xml"),
                    "org.mxpack.smtp.MessageHook").orElseThrow())).isNotNull();
        }
    }

    @Test
    @Order(1)
    void legitimateMailIsAccepted() throws Exception {
        SmtpReply r = send("alice@good.test", signed(good, message("Alice <alice@good.test>", "legit mail")));
        assertThat(r.code()).as(james.logTail(40)).isEqualTo(250);
        SmtpSink.Received m = delivered("legit mail");
        assertThat(m.data).contains("DKIM-Signature:");
        if (rspamd != null) {
            assertThat(m.header("X-Spam-Status")).startsWith("No, score=");
        }
    }

    @Test
    @Order(2)
    void dkimRequirementModes() throws Exception {
        assertThat(send("a@strict.test", message("a@strict.test", "unsigned strict")).toString())
                .isEqualTo("550 5.7.20 DKIM: no passing DKIM signature found");
        assertThat(send("a@strict.test", signed(goodSha1, message("a@strict.test", "sha1 strict"))).toString())
                .startsWith("550 5.7.21 DKIM: no acceptable DKIM signature found: rsa-sha1");
        assertThat(send("a@strict.test", signed(other, message("a@strict.test", "third party strict"))).toString())
                .isEqualTo("550 5.7.22 DKIM: no valid author-matched DKIM signature found for strict.test");
        assertThat(send("a@strict.test", signed(strict, message("a@strict.test", "aligned strict"))).code())
                .isEqualTo(250);
    }

    @Test
    @Order(3)
    void dmarcRejectQuarantineAndTimeout() throws Exception {
        // envelope domains without SPF records: only DMARC can refuse these (not an SPF check at MAIL)
        assertThat(send("bounce@nospf.test", signed(other, message("a@good.test", "forged good"))).toString())
                .isEqualTo("550 5.7.26 DMARC: message failed good.test policy (p=reject)");
        assertThat(send("bounce@nospf.test", message("a@quar.test", "quarantined one")).code()).isEqualTo(250);
        assertThat(delivered("quarantined one").header("X-Quarantine")).isEqualTo("dmarc");
        SmtpReply slow = send("bounce@nospf.test", message("a@slow.test", "slow dmarc"));
        assertThat(slow.code()).as(slow.toString()).isBetween(400, 499);
        assertThat(slow.toString()).startsWith("451 4.7.1 DMARC: temporary error");
        assertThat(james.awaitLog("check=dmarc action=REJECT", Duration.ofSeconds(5))).isTrue();
    }

    @Test
    @Order(4)
    void sizeLimit() throws Exception {
        String big = message("a@good.test", "too big", "x".repeat(70).concat("\r\n").repeat(1100));
        assertThat(send("a@good.test", signed(good, big)).toString())
                .startsWith("552 5.3.4 Message too big: message of ").contains("limit of 65536 bytes");
    }

    @Test
    @Order(5)
    void spamActions() throws Exception {
        assumeTrue(rspamd != null, "rspamd is not installed");
        assertThat(send("alice@good.test", signed(good, message("alice@good.test", RspamdDaemon.REJECT))).toString())
                .startsWith("550 5.7.1 Message content rejected: classified as spam");
        assertThat(send("alice@good.test", signed(good, message("alice@good.test", RspamdDaemon.SOFT_REJECT)))
                .toString()).startsWith("451 4.7.1 Message content deferred: classified as possible spam");
        assertThat(send("alice@good.test", signed(good, message("alice@good.test", "x " + RspamdDaemon.ADD_HEADER)))
                .code()).isEqualTo(250);
        SmtpSink.Received m = delivered(RspamdDaemon.ADD_HEADER);
        assertThat(m.header("X-Spam-Flag")).isEqualTo("YES");
        assertThat(m.header("X-Spam-Status")).startsWith("Yes, score=");
        assertThat(send("alice@good.test", signed(good, message("alice@good.test", "y " + RspamdDaemon.REWRITE_SUBJECT)))
                .code()).isEqualTo(250);
        assertThat(delivered(RspamdDaemon.REWRITE_SUBJECT).header("Subject")).isNotEqualTo("y " + RspamdDaemon.REWRITE_SUBJECT);
    }

    @Test
    @Order(6)
    void scannerDownIsAcceptedAndRecorded() throws Exception {
        assumeTrue(rspamd != null, "rspamd is not installed");
        rspamd.close();
        // the sender's own verdict must not pass for ours when rspamd gives none
        String forged = "X-Spam-Status: No, score=-10.0\r\nX-Spam-Flag: NO\r\nx-spam-level: \r\n"
                + message("alice@good.test", "scanner down");
        assertThat(send("alice@good.test", signed(good, forged)).code()).isEqualTo(250);
        SmtpSink.Received m = delivered("scanner down");
        assertThat(m.header("X-Spam-Status")).isNull();
        assertThat(m.header("X-Spam-Flag")).isNull();
        assertThat(m.header("X-Spam-Level")).isNull();
    }
}
