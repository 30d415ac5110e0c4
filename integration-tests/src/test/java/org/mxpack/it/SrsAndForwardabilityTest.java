package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.core.dkim.DkimSigner;
import org.mxpack.core.srs.Srs;
import org.mxpack.core.srs.SrsConfig;
import org.mxpack.testkit.JamesProcess;
import org.mxpack.testkit.LoopbackDnsServer;
import org.mxpack.testkit.SmtpClient;
import org.mxpack.testkit.SmtpReply;
import org.mxpack.testkit.SmtpSink;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;

/**
 * The SMTP side of forwarding through a real James 3.8.1 (one server for every case): bounces to our
 * SRS domain validated at RCPT TO with mxpack.xml's secret, and the forwardability of a message for a
 * RecipientRewriteTable forward (set with WebAdmin) to an off-site address, with the shipped default
 * choice (reject).
 */
class SrsAndForwardabilityTest {
    static final String SECRET = "it-srs-secret";
    static final Srs SRS = Srs.of(SrsConfig.of("fwd.test", List.of(SECRET)));

    private static LoopbackDnsServer dns;
    private static SmtpSink sink;
    private static JamesProcess james;
    private static DkimSigner strict;
    private static DkimSigner other;

    @BeforeAll
    static void start() throws Exception {
        dns = LoopbackDnsServer.start();
        sink = SmtpSink.start();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        String key = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        for (String d : List.of("strict.test", "other.test")) {
            dns.add(new TXTRecord(Name.fromString("sel._domainkey." + d + "."), DClass.IN, 300,
                    EndOfDataTest.chunks(key)));
        }
        // strict.test passes DMARC here on SPF alone (the test client is 127.0.0.1)
        dns.loadZone(String.join("\n",
                "$ORIGIN test.",
                "strict        IN TXT \"v=spf1 ip4:127.0.0.1 -all\"",
                "_dmarc.strict IN TXT \"v=DMARC1; p=reject\"",
                "other         IN TXT \"v=spf1 ip4:127.0.0.1 -all\"",
                ""), "test.");
        strict = DkimSigner.rsaSha256(pair.getPrivate(), "strict.test", "sel");
        other = DkimSigner.rsaSha256(pair.getPrivate(), "other.test", "sel");
        james = Pack.james()
                .dns(dns.address())
                .confFile("mailetcontainer.xml", EndOfDataTest.MAILETS)
                .token("SINK_PORT", Integer.toString(sink.port()))
                .confEdit("mxpack.xml", "</routes>",
                        "</routes><srs><domain>fwd.test</domain><secret>" + SECRET + "</secret></srs>")
                .start();
        james.addUser("bob@example.test", "secret");
        james.addUser("carol@example.test", "secret");
        assertThat(james.webadmin("PUT", "/address/forwards/carol@example.test/targets/carol@far.test", null))
                .isBetween(200, 299);
    }

    @AfterAll
    static void stop() {
        if (james != null) {
            james.close();
        }
        sink.close();
        dns.close();
    }

    /** A bounce (null sender) to {@code rcpt}: the RCPT TO reply. */
    private static SmtpReply bounceTo(String rcpt) throws Exception {
        try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
            assertThat(c.ehlo("mx.remote.test").code()).isEqualTo(250);
            assertThat(c.mailFrom("").code()).as(c.transcript()).isEqualTo(250);
            SmtpReply r = c.rcptTo(rcpt);
            c.quit();
            return r;
        }
    }

    private static SmtpReply send(String sender, String rcpt, String message) throws Exception {
        try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
            assertThat(c.ehlo("mail.strict.test").code()).isEqualTo(250);
            SmtpReply r = c.send(sender, List.of(rcpt), message);
            c.quit();
            return r;
        }
    }

    private static String signed(DkimSigner signer, String message) throws Exception {
        return EndOfDataTest.signed(signer, message);
    }

    @Test
    void forgedSrsBounceIsRefusedAtRcpt() throws Exception {
        assertThat(bounceTo("SRS0=xxxx=TT=example.org=bob@fwd.test").toString())
                .isEqualTo("550 5.1.1 <SRS0=xxxx=TT=example.org=bob@fwd.test>: invalid or expired SRS address");
        assertThat(james.awaitLog("check=srs action=REJECT", Duration.ofSeconds(5))).as(james.logTail(30)).isTrue();
    }

    @Test
    void expiredSrsBounceIsRefusedAtRcpt() throws Exception {
        String expired = SRS.forward("alice@sender.test", Instant.now().minus(Duration.ofDays(30))).address();
        assertThat(bounceTo(expired).toString()).isEqualTo("550 5.1.1 <" + expired + ">: invalid or expired SRS address");
    }

    @Test
    void validSrsBounceIsAcceptedAtRcpt() throws Exception {
        String valid = SRS.forward("alice@sender.test", Instant.now()).address();
        assertThat(valid).startsWith("SRS0=").endsWith("@fwd.test");
        assertThat(bounceTo(valid).code()).as(james.logTail(30)).isEqualTo(250);
        // an SRS address of another forwarder is an ordinary recipient: no route here
        assertThat(bounceTo("SRS0=xxxx=TT=example.org=bob@elsewhere.test").toString())
                .isEqualTo("550 5.1.1 <SRS0=xxxx=TT=example.org=bob@elsewhere.test>: no route to this recipient here");
    }

    @Test
    void pRejectWithoutAlignedDkimCannotBeForwarded() throws Exception {
        String msg = EndOfDataTest.message("Alice <alice@strict.test>", "forward unsigned");
        assertThat(send("alice@strict.test", "carol@example.test", msg).toString())
                .isEqualTo("550 5.7.26 Cannot forward: message from strict.test (DMARC p=reject) has no aligned "
                        + "DKIM signature, so its copy forwarded for <carol@example.test> would be refused");
        assertThat(send("alice@strict.test", "carol@example.test",
                signed(other, EndOfDataTest.message("alice@strict.test", "forward third party"))).code())
                .as("a third-party signature does not survive DMARC").isEqualTo(550);
        // the same message to a local user is fine: nothing leaves the server
        assertThat(send("alice@strict.test", "bob@example.test", msg).code()).isEqualTo(250);
    }

    @Test
    void pRejectWithAlignedDkimIsForwarded() throws Exception {
        SmtpReply r = send("alice@strict.test", "carol@example.test",
                signed(strict, EndOfDataTest.message("Alice <alice@strict.test>", "forward signed")));
        assertThat(r.code()).as(james.logTail(40)).isEqualTo(250);
        // accepts are logged at debug only: the message leaving for the (sink) next hop is the proof
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (sink.messages().stream().noneMatch(m -> "forward signed".equals(m.header("Subject")))) {
            assertThat(System.nanoTime()).as(james.logTail(40)).isLessThan(end);
            Thread.sleep(100);
        }
    }
}
