package org.mxpack.mailet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.core.dkim.DkimSigner;
import org.mxpack.core.dns.DnsSettings;
import org.mxpack.core.dns.DnsjavaResolver;
import org.mxpack.core.policy.Services;
import org.mxpack.core.spf.SpfIdentity;
import org.mxpack.core.spf.SpfResult;
import org.mxpack.core.spf.SpfVerdict;
import org.mxpack.james.VerdictAttributes;
import org.mxpack.testkit.LoopbackDnsServer;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;

/** The "compute what is missing" path over a real DNS server on loopback, and header hygiene. */
class AuthenticationResultsTest {
    private static LoopbackDnsServer server;
    private static Services services;
    private static DkimSigner signer;

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackDnsServer.start();
        server.loadZone(String.join("\n",
                "good.test.                  IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"",
                "mail.good.test.             IN TXT \"v=spf1 a -all\"",
                "mail.good.test.             IN A   192.0.2.10",
                "10.2.0.192.in-addr.arpa.    IN PTR mail.good.test.",
                "_dmarc.good.test.           IN TXT \"v=DMARC1; p=reject\"",
                "evil.test.                  IN TXT \"v=spf1 -all\"",
                "_dmarc.evil.test.           IN TXT \"v=DMARC1; p=quarantine\"",
                ""), "test.");
        server.servfail("flaky.test").timeout("slow.test").timeout("_dmarc.slow.test");
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        String key = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < key.length(); i += 200) {
            chunks.add(key.substring(i, Math.min(key.length(), i + 200)));
        }
        server.add(new TXTRecord(Name.fromString("sel._domainkey.good.test."), DClass.IN, 300, chunks));
        signer = DkimSigner.rsaSha256(pair.getPrivate(), "good.test", "sel");
        services = Services.of(new DnsjavaResolver(DnsSettings.of(List.of(DnsSettings.parseServer(server.address())))
                .withTimeout(Duration.ofSeconds(2)).withRetries(1)), "mx.example.test")
                .withStageBudget(Duration.ofSeconds(8));
    }

    @AfterAll
    static void stop() {
        services.close();
        server.close();
    }

    static AuthenticationResults mailet(String... params) throws MessagingException {
        return mailet(services, params);
    }

    static AuthenticationResults mailet(Services s, String... params) throws MessagingException {
        AuthenticationResults m = new AuthenticationResults(() -> s);
        FakeMailetConfig.Builder c = FakeMailetConfig.builder().mailetName("AuthenticationResults");
        for (int i = 0; i < params.length; i += 2) {
            c.setProperty(params[i], params[i + 1]);
        }
        m.init(c.build());
        return m;
    }

    static MimeMessage message(String text) throws MessagingException {
        return new MimeMessage(Session.getDefaultInstance(new Properties()),
                new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    static Mail mail(String ip, String helo, String sender, byte[] raw) throws Exception {
        FakeMail.Builder b = FakeMail.builder().name("m1").recipients("bob@example.test")
                .mimeMessage(new MimeMessage(Session.getDefaultInstance(new Properties()), new ByteArrayInputStream(raw)))
                .sender(sender);
        if (ip != null) {
            b.remoteAddr(ip);
        }
        if (helo != null) {
            b.attribute(new Attribute(Mail.SMTP_HELO, AttributeValue.of(helo)));
        }
        return b.build();
    }

    static String text(String... lines) {
        return String.join("\r\n", lines) + "\r\n";
    }

    static List<String> headers(Mail mail, String name) throws MessagingException {
        String[] v = mail.getMessage().getHeader(name);
        return v == null ? List.of() : Arrays.asList(v);
    }

    static String unfolded(String v) {
        return v.replaceAll("\r\n[ \t]", " ").replaceAll("\r\n", "");
    }

    private static final String GOOD = text("From: Alice <alice@good.test>", "To: bob@example.test",
            "Subject: hello", "Message-ID: <1@good.test>", "", "Hello Bob.");

    @Test
    void computesEveryMethodWhenNothingWasRecorded() throws Exception {
        Mail mail = mail("192.0.2.10", "mail.good.test", "alice@good.test",
                signer.sign(GOOD.getBytes(StandardCharsets.ISO_8859_1)));
        mailet().service(mail);

        List<String> ar = headers(mail, "Authentication-Results");
        assertThat(ar).hasSize(1);
        String v = unfolded(ar.get(0));
        assertThat(v).startsWith("mx.example.test;")
                .contains("iprev=pass reason=\"mail.good.test\" policy.iprev=192.0.2.10")
                .contains("spf=pass reason=\"domain of alice@good.test designates 192.0.2.10 as permitted sender\""
                        + " smtp.mailfrom=alice@good.test")
                .contains("spf=pass reason=\"domain of postmaster@mail.good.test designates 192.0.2.10 as permitted"
                        + " sender\" smtp.helo=mail.good.test")
                .contains("dkim=pass header.d=good.test header.i=@good.test header.s=sel header.a=rsa-sha256 header.b=")
                .contains("dmarc=pass reason=\"p=reject sp=reject dis=none\" header.from=good.test policy.dmarc=reject");
        assertThat(unfolded(headers(mail, "Received-SPF").get(0)))
                .startsWith("pass (mx.example.test: domain of alice@good.test designates 192.0.2.10 as permitted sender)")
                .contains("client-ip=192.0.2.10; envelope-from=\"alice@good.test\"; helo=mail.good.test;"
                        + " receiver=mx.example.test; identity=mailfrom; mechanism=\"ip4:192.0.2.0/24\";");
        // computed verdicts are recorded for matchers further down
        assertThat(VerdictAttributes.getMethod(mail, "spf")).isPresent();
        assertThat(matches("IsAuthResult", "spf:pass", mail)).isTrue();
        assertThat(matches("IsAuthResult", "dkim:pass:good.test", mail)).isTrue();
        assertThat(matches("IsAuthResult", "dkim:pass:other.test", mail)).isFalse();
        assertThat(matches("IsAuthResult", "dmarc:pass", mail)).isTrue();
    }

    @Test
    void dmarcFailWithQuarantinePolicyIsMatchable() throws Exception {
        String raw = text("From: boss@evil.test", "To: bob@example.test", "Subject: wire money", "", "now");
        Mail mail = mail("192.0.2.10", "mail.good.test", "boss@evil.test", raw.getBytes(StandardCharsets.ISO_8859_1));
        mailet().service(mail);
        String v = unfolded(headers(mail, "Authentication-Results").get(0));
        assertThat(v).contains("spf=fail").contains("dkim=none")
                .contains("dmarc=fail reason=\"p=quarantine sp=quarantine dis=quarantine\" header.from=evil.test");
        assertThat(matches("IsAuthResult", "dmarc:quarantine", mail)).isTrue();
        assertThat(matches("IsAuthResult", "spf:fail", mail)).isTrue();
        assertThat(matches("IsAuthResult", "dmarc:reject", mail)).isFalse();
    }

    @Test
    void removesOnlyInboundHeadersClaimingOurAuthservId() throws Exception {
        String raw = text("Authentication-Results: mx.example.test; spf=pass smtp.mailfrom=good.test",
                "Authentication-Results: other.example; dkim=pass header.d=good.test",
                "Authentication-Results: (sneaky) MX.Example.Test.; dmarc=pass",
                "Received-SPF: pass (mx.example.test: forged) client-ip=192.0.2.99;",
                "  receiver=MX.example.test; identity=mailfrom;",
                "Received-SPF: pass (other.example: theirs) receiver=other.example;",
                "From: alice@good.test", "To: bob@example.test", "Subject: forged", "", "body");
        Mail mail = mail("192.0.2.99", "[192.0.2.99]", "alice@flaky.test", raw.getBytes(StandardCharsets.ISO_8859_1));
        mailet().service(mail);
        List<String> ar = headers(mail, "Authentication-Results");
        assertThat(ar).hasSize(2);
        assertThat(ar.get(0)).isEqualTo("other.example; dkim=pass header.d=good.test");
        String ours = unfolded(ar.get(1));
        // SERVFAIL on the sender's domain is a temperror; no PTR is permerror; an address literal HELO is not checked
        assertThat(ours).startsWith("mx.example.test;").contains("iprev=permerror").contains("spf=temperror")
                .doesNotContain("smtp.helo");
        List<String> spf = headers(mail, "Received-SPF");
        assertThat(spf).hasSize(2);
        assertThat(spf.get(0)).isEqualTo("pass (other.example: theirs) receiver=other.example;");
        assertThat(unfolded(spf.get(1))).startsWith("temperror (mx.example.test: ");
    }

    @Test
    void runningTwiceLeavesOneHeaderOfEach() throws Exception {
        Mail mail = mail("192.0.2.10", "mail.good.test", "alice@good.test", GOOD.getBytes(StandardCharsets.ISO_8859_1));
        AuthenticationResults m = mailet();
        m.service(mail);
        m.service(mail);
        assertThat(headers(mail, "Authentication-Results")).hasSize(1);
        assertThat(headers(mail, "Received-SPF")).hasSize(1);
    }

    @Test
    void recordedVerdictsAreUsedAsTheyAre() throws Exception {
        Mail mail = mail("192.0.2.10", "mail.good.test", "alice@good.test", GOOD.getBytes(StandardCharsets.ISO_8859_1));
        SpfVerdict recorded = SpfVerdict.of(SpfResult.SOFTFAIL, SpfIdentity.MAILFROM, "good.test", "192.0.2.10",
                "mail.good.test", "alice@good.test", "~all", "", "");
        VerdictAttributes.putMethod(mail, "spf", recorded.toMap());
        int before = server.queryCount();
        mailet("receivedSpf", "false", "authservId", "inbound.example.test").service(mail);
        String v = unfolded(headers(mail, "Authentication-Results").get(0));
        assertThat(v).startsWith("inbound.example.test;").contains("spf=softfail");
        assertThat(headers(mail, "Received-SPF")).isEmpty();
        assertThat(server.queryLog().subList(before, server.queryCount()))
                .noneMatch(q -> q.contains("TXT") && q.contains(" good.test"));
    }

    @Test
    void lookupsBeyondTheBudgetAreTemperrors() throws Exception {
        try (Services slow = Services.of(new DnsjavaResolver(DnsSettings.of(List.of(DnsSettings.parseServer(
                server.address()))).withTimeout(Duration.ofSeconds(5)).withRetries(0)), "mx.example.test")
                .withStageBudget(Duration.ofMillis(400))) {
            Mail mail = mail("192.0.2.10", "mail.good.test", "alice@slow.test",
                    text("From: alice@slow.test", "", "x").getBytes(StandardCharsets.ISO_8859_1));
            long t0 = System.nanoTime();
            mailet(slow).service(mail);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
            String v = unfolded(headers(mail, "Authentication-Results").get(0));
            assertThat(v).contains("spf=temperror").contains("did not finish within 400 ms")
                    .contains("dmarc=temperror");
        }
    }

    @Test
    void withoutComputingOnlyRecordedVerdictsAreWritten() throws Exception {
        Mail mail = mail("192.0.2.10", "mail.good.test", "alice@good.test", GOOD.getBytes(StandardCharsets.ISO_8859_1));
        mailet("computeMissing", "false").service(mail);
        assertThat(headers(mail, "Authentication-Results")).containsExactly("mx.example.test; none");
        assertThat(VerdictAttributes.getMethod(mail, "spf")).isEmpty();
    }

    @Test
    void badSettingsNameTheElementAndValue() {
        assertThatThrownBy(() -> mailet("receivedSpf", "maybe")).isInstanceOf(MessagingException.class)
                .hasMessageContaining("<receivedSpf>maybe</receivedSpf>");
        assertThatThrownBy(() -> mailet("authservId", "mx example")).isInstanceOf(MessagingException.class)
                .hasMessageContaining("<authservId>mx example</authservId>");
    }

    @Test
    void messageBytesAreOtherwiseUnchanged() throws Exception {
        byte[] signed = signer.sign(GOOD.getBytes(StandardCharsets.ISO_8859_1));
        Mail mail = mail("192.0.2.10", "mail.good.test", "alice@good.test", signed);
        mailet().service(mail);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        String after = out.toString(StandardCharsets.ISO_8859_1);
        assertThat(after).contains("DKIM-Signature:").contains("\r\n\r\nHello Bob.");
    }

    static boolean matches(String matcher, String condition, Mail mail) throws MessagingException {
        org.apache.mailet.base.GenericMatcher m = matcher.equals("IsSpam") ? new IsSpam() : new IsAuthResult();
        m.init(FakeMatcherConfig.builder().matcherName(matcher).condition(condition).build());
        return !m.match(mail).isEmpty();
    }
}
