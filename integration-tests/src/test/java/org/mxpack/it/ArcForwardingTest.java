package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.core.arc.ArcKeys;
import org.mxpack.core.arc.ArcResult;
import org.mxpack.core.arc.ArcSealer;
import org.mxpack.core.arc.ArcVerdict;
import org.mxpack.core.arc.ArcVerifier;
import org.mxpack.core.dkim.DkimPolicy;
import org.mxpack.core.dkim.DkimSigner;
import org.mxpack.core.dns.DnsSettings;
import org.mxpack.core.dns.DnsjavaResolver;
import org.mxpack.testkit.Dkimpy;
import org.mxpack.testkit.JamesProcess;
import org.mxpack.testkit.LoopbackDnsServer;
import org.mxpack.testkit.SmtpClient;
import org.mxpack.testkit.SmtpSink;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;

/**
 * ARC through a real James 3.8.1 with the shipped pipeline and mxpack.xml's {@code <arc>}: a mailing list
 * we trust broke the author's DKIM signature but sealed what it saw, so the author's {@code p=reject} is
 * overridden (an untrusted sealer's is not); and a copy we forward leaves with our ARC set, which mxpack's
 * verifier and dkimpy's both find valid.
 */
class ArcForwardingTest {
    private static LoopbackDnsServer dns;
    private static SmtpSink world;
    private static JamesProcess james;
    private static KeyPair listKey;
    private static DkimSigner author;

    @BeforeAll
    static void start() throws Exception {
        dns = LoopbackDnsServer.start();
        world = SmtpSink.start();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair authorKey = g.generateKeyPair();
        listKey = g.generateKeyPair();
        KeyPair ours = g.generateKeyPair();
        KeyPair dkimKey = g.generateKeyPair();
        publish("sel._domainkey.strict.test", authorKey);
        publish("arc._domainkey.lists.test", listKey);
        publish("arc._domainkey.stranger.test", listKey);
        publish("arc2026._domainkey.fwd.test", ours);
        publish("fwd._domainkey.fwd.test", dkimKey);
        dns.add("strict.test", "TXT", "\"v=spf1 ip4:192.0.2.1 -all\""); // the list (127.0.0.1) is not in it
        dns.add("_dmarc.strict.test", "TXT", "\"v=DMARC1; p=reject\"");
        dns.add("relaxed.test", "TXT", "\"v=spf1 ip4:127.0.0.1 -all\"");
        author = DkimSigner.rsaSha256(authorKey.getPrivate(), "strict.test", "sel");
        Path pem = Files.createTempFile("arc-", ".pem");
        Files.writeString(pem, ArcKeys.toPkcs1Pem((RSAPrivateCrtKey) ours.getPrivate()));
        james = Pack.james()
                .dns(dns.address())
                .confEdit("mxpack.xml", "</mxpack>", "<srs><domain>fwd.test</domain><secret>arc-test</secret></srs>"
                        + "<arc><enabled>true</enabled><trustedSealer>lists.test</trustedSealer><seal>"
                        + "<domain>fwd.test</domain><selector>arc2026</selector><privateKeyFile>" + pem
                        + "</privateKeyFile></seal></arc></mxpack>")
                .confEdit("mailetcontainer.xml", "<outgoing>outgoing</outgoing>",
                        "<outgoing>outgoing</outgoing><gateway>127.0.0.1</gateway><gatewayPort>" + world.port()
                                + "</gatewayPort>")
                // the operator guide's steps: the shipped DKIMSign block and ArcSeal line, uncommented
                .confEdit("mailetcontainer.xml", "(?s)<!--\\s*(<mailet match=\"SentByMailet\" "
                        + "class=\"org\\.apache\\.james\\.jdkim\\.mailets\\.DKIMSign\">.*?</mailet>)\\s*-->", "$1")
                .confEdit("mailetcontainer.xml", "d=fwd\\.example\\.org; s=fwd;", "d=fwd.test; s=fwd;")
                .confEdit("mailetcontainer.xml", "PASTE THE PEM PRIVATE KEY HERE", java.util.regex.Matcher.quoteReplacement(
                        ArcKeys.toPkcs1Pem((RSAPrivateCrtKey) dkimKey.getPrivate())))
                .confEdit("mailetcontainer.xml", "(?s)<!-- mxpack \\(optional, off as shipped\\): ARC-seal.*?"
                        + "(<mailet match=\"SentByMailet\" class=\"org.mxpack.mailet.ArcSeal\"/>)\\s*-->", "$1")
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
        if (world != null) {
            world.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    private static void publish(String name, KeyPair pair) throws Exception {
        String key = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < key.length(); i += 200) {
            chunks.add(key.substring(i, Math.min(key.length(), i + 200)));
        }
        dns.add(new TXTRecord(Name.fromString(name + "."), DClass.IN, 300, chunks));
    }

    /** The author's mail as a list sealed it after adding a footer (the author's DKIM no longer verifies). */
    private static String viaList(String sealer, String subject) throws Exception {
        byte[] signed = author.sign(("From: ceo@strict.test\r\nTo: bob@example.test\r\nSubject: " + subject
                + "\r\nDate: Thu, 03 Dec 2026 10:00:00 +0000\r\nMessage-ID: <" + subject.hashCode()
                + "@strict.test>\r\n\r\nquarterly numbers\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] footer = (new String(signed, StandardCharsets.ISO_8859_1) + "-- \r\nlist footer\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        String saw = sealer + "; spf=pass smtp.mailfrom=ceo@strict.test; dkim=pass header.d=strict.test;"
                + " dmarc=pass header.from=strict.test";
        return new String(ArcSealer.rsaSha256(listKey.getPrivate(), sealer, "arc", sealer)
                .seal(footer, ArcVerdict.none(), saw).prependTo(footer), StandardCharsets.ISO_8859_1);
    }

    private static org.mxpack.testkit.SmtpReply send(String from, String to, String message) throws Exception {
        try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
            c.ehlo("mail.lists.test");
            return c.send(from, List.of(to), message);
        }
    }

    @Test
    void aTrustedListsSealOverridesTheAuthorsRejectAnUntrustedOneDoesNot() throws Exception {
        assertThat(send("ceo@strict.test", "bob@example.test", viaList("lists.test", "trusted list")).code())
                .as(james.logTail(40)).isEqualTo(250);
        // not rescued: the SPF fail held since MAIL FROM is refused first (DMARC would refuse it too)
        assertThat(send("ceo@strict.test", "bob@example.test", viaList("stranger.test", "stranger")).toString())
                .isEqualTo("550 5.7.23 SPF: strict.test does not designate 127.0.0.1 as permitted sender");
    }

    @Test
    void aForwardedCopyLeavesWithOurDkimSignatureAndOurValidArcSet() throws Exception {
        assertThat(send("alice@relaxed.test", "carol@example.test", "From: alice@relaxed.test\r\nTo: carol@example.test"
                + "\r\nSubject: forward and seal\r\nDate: Thu, 03 Dec 2026 10:00:00 +0000\r\nMessage-ID: <f@relaxed.test>"
                + "\r\n\r\nhello carol\r\n").code()).isEqualTo(250);
        List<SmtpSink.Received> got = world.await(1, Duration.ofSeconds(30));
        assertThat(got).as(james.logTail(60)).hasSize(1);
        String data = got.get(0).data;
        assertThat(data).contains("ARC-Seal: i=1; ").contains("cv=none").contains("d=fwd.test");
        assertThat(got.get(0).header("ARC-Authentication-Results")).contains("i=1; mx.example.test;")
                .contains("spf=pass").contains("arc=none");
        DnsjavaResolver resolver = new DnsjavaResolver(DnsSettings.of(List.of(DnsSettings.parseServer(dns.address()))));
        ArcVerdict v = new ArcVerifier(resolver, DkimPolicy.defaults())
                .verify(data.getBytes(StandardCharsets.ISO_8859_1)).get(10, TimeUnit.SECONDS);
        assertThat(v.result()).as(v.toString()).isEqualTo(ArcResult.PASS);
        assertThat(v.sealDomain()).isEqualTo("fwd.test");
        // DKIMSign ran before ArcSeal: our signature verifies, and the seal covers it
        org.mxpack.core.dkim.DkimVerdict dkim = new org.mxpack.core.dkim.DkimVerifier(resolver, DkimPolicy.defaults())
                .verify(data.getBytes(StandardCharsets.ISO_8859_1)).get(10, TimeUnit.SECONDS);
        assertThat(dkim.passingDomains()).as(dkim.toString()).contains("fwd.test");
        if (Dkimpy.available()) { // dkimpy's arc_verify, as /usr/bin/arcverify runs it, over the same DNS
            assertThat(Dkimpy.at(dns.address(), Files.createTempDirectory("dkimpy-"))
                    .verifyCv(data.getBytes(StandardCharsets.ISO_8859_1))).as("dkimpy arc_verify").isEqualTo("pass");
        }
    }
}
