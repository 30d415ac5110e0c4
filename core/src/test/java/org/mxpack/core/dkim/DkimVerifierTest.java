package org.mxpack.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.core.ConformanceData;
import org.mxpack.core.dns.DnsSettings;
import org.mxpack.core.dns.DnsjavaResolver;
import org.mxpack.core.verdict.AuthResult;
import org.mxpack.testkit.LoopbackDnsServer;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;

/** End to end through the loopback DNS server, with keys generated here and messages signed here. */
class DkimVerifierTest {
    static final long NOW = 1_700_000_000L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    static final String MESSAGE = "From: Joe <joe@example.test>\r\nTo: ann@example.org\r\nSubject: hello\r\n"
            + "Date: Tue, 14 Nov 2023 22:13:20 +0000\r\nMessage-ID: <1@example.test>\r\n\r\n"
            + "Hello Ann,\r\n\r\nsee you  tomorrow.\r\n\r\n";

    private static LoopbackDnsServer server;
    private static DnsjavaResolver dns;
    private static DkimSigner rsa;
    private static DkimSigner ed;
    private static DkimSigner small;
    private static KeyPair rsaPair;

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackDnsServer.start();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        rsaPair = g.generateKeyPair();
        g.initialize(512);
        KeyPair smallPair = g.generateKeyPair();
        Ed25519PrivateKeyParameters edKey = new Ed25519PrivateKeyParameters(new SecureRandom());
        key("rsa._domainkey.example.test", "v=DKIM1; k=rsa; p="
                + Base64.getEncoder().encodeToString(rsaPair.getPublic().getEncoded()));
        key("small._domainkey.example.test", "v=DKIM1; p="
                + Base64.getEncoder().encodeToString(smallPair.getPublic().getEncoded()));
        key("ed._domainkey.example.test", "v=DKIM1; k=ed25519; p="
                + Base64.getEncoder().encodeToString(edKey.generatePublicKey().getEncoded()));
        key("revoked._domainkey.example.test", "v=DKIM1; p=");
        server.servfail("broken._domainkey.example.test").timeout("slow._domainkey.example.test");
        rsa = DkimSigner.rsaSha256(rsaPair.getPrivate(), "example.test", "rsa");
        small = DkimSigner.rsaSha256(smallPair.getPrivate(), "example.test", "small");
        ed = DkimSigner.ed25519Sha256(edKey, "example.test", "ed");
        dns = new DnsjavaResolver(DnsSettings.of(List.of(DnsSettings.parseServer(server.address())))
                .withTimeout(Duration.ofMillis(300)).withRetries(0));
    }

    private static void key(String name, String text) throws Exception {
        server.add(new TXTRecord(Name.fromString(name + "."), DClass.IN, 300, DkimConformanceTest.chunks(text)));
    }

    @AfterAll
    static void stop() {
        if (server != null) { // null when the conformance data is absent and @BeforeAll was skipped
            server.close();
        }
    }

    private static DkimVerdict verify(byte[] message) {
        return verify(message, DkimPolicy.defaults());
    }

    private static DkimVerdict verify(byte[] message, DkimPolicy policy) {
        return new DkimVerifier(dns, policy.withClock(CLOCK)).verifyBlocking(message);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void rsaAndEd25519SignaturesPass() throws Exception {
        byte[] signed = ed.sign(rsa.sign(bytes(MESSAGE)));
        DkimVerdict v = verify(signed);
        assertThat(v.result()).isEqualTo(DkimResult.PASS);
        assertThat(v.signatures()).extracting(DkimSignatureVerdict::algorithm)
                .containsExactly("ed25519-sha256", "rsa-sha256");
        assertThat(v.signatures()).allMatch(DkimSignatureVerdict::isPass);
        assertThat(v.passingDomains()).containsExactly("example.test");
    }

    @Test
    void simpleCanonicalizationAndLfLineEnds() throws Exception {
        byte[] signed = rsa.withCanonicalization("simple/simple").sign(bytes(MESSAGE));
        assertThat(verify(signed).result()).isEqualTo(DkimResult.PASS);
        assertThat(verify(bytes(text(signed).replace("\r\n", "\n"))).result()).isEqualTo(DkimResult.PASS);
    }

    @Test
    void modifiedBodyOrHeaderFails() throws Exception {
        String signed = text(ed.sign(bytes(MESSAGE)));
        DkimVerdict body = verify(bytes(signed.replace("tomorrow", "today")));
        assertThat(body.result()).isEqualTo(DkimResult.FAIL);
        assertThat(body.reason()).isEqualTo("body hash did not verify");
        DkimVerdict header = verify(bytes(signed.replace("Subject: hello", "Subject: HELLO")));
        assertThat(header.result()).isEqualTo(DkimResult.FAIL);
        assertThat(header.reason()).isEqualTo("signature did not verify");
        // relaxed canonicalization tolerates white-space changes
        assertThat(verify(bytes(signed.replace("see you  tomorrow.", "see you tomorrow.  "))).result())
                .isEqualTo(DkimResult.PASS);
    }

    @Test
    void lengthTagAcceptedOrRefusedByPolicy() throws Exception {
        byte[] signed = rsa.withBodyLength(12).sign(bytes(MESSAGE));
        byte[] appended = bytes(text(signed) + "Unsigned spam appended.\r\n");
        DkimVerdict v = verify(appended);
        assertThat(v.result()).isEqualTo(DkimResult.PASS);
        assertThat(v.reason()).startsWith("body partially signed (l=12 of ");
        DkimVerdict refused = verify(appended, DkimPolicy.defaults().withLengthTag(DkimPolicy.LengthTag.PERMERROR));
        assertThat(refused.result()).isEqualTo(DkimResult.PERMERROR);
        assertThat(refused.reason()).isEqualTo("l= refused by local policy");
        byte[] tooLong = rsa.withBodyLength(10_000).sign(bytes(MESSAGE));
        String forged = text(tooLong).replaceFirst("l=\\d+", "l=10000");
        assertThat(verify(bytes(forged)).result()).isEqualTo(DkimResult.PERMERROR);
    }

    @Test
    void overSignedFromBlocksAnAddedFrom() throws Exception {
        DkimSigner over = rsa.withHeaders(List.of("from", "from", "subject", "subject"));
        String signed = text(over.sign(bytes(MESSAGE)));
        assertThat(verify(bytes(signed)).result()).isEqualTo(DkimResult.PASS);
        String added = signed.replace("Subject: hello\r\n", "Subject: hello\r\nFrom: evil@attacker.test\r\n");
        assertThat(verify(bytes(added)).result()).isEqualTo(DkimResult.FAIL);
        // without over-signing, a field added at the top is simply not covered (bottom-up selection)
        String plain = text(rsa.withHeaders(List.of("from", "subject")).sign(bytes(MESSAGE)));
        assertThat(verify(bytes("Subject: other\r\n" + plain)).result()).isEqualTo(DkimResult.PASS);
    }

    @Test
    void expirationAndFutureTimestampsUseTheClock() throws Exception {
        byte[] expired = rsa.withTimes(NOW - 10_000, NOW - 1_000).sign(bytes(MESSAGE));
        DkimVerdict v = verify(expired);
        assertThat(v.result()).isEqualTo(DkimResult.PERMERROR);
        assertThat(v.reason()).startsWith("signature expired");
        assertThat(verify(rsa.withTimes(NOW - 10_000, NOW - 100).sign(bytes(MESSAGE))).result())
                .as("within the clock skew").isEqualTo(DkimResult.PASS);
        DkimVerdict future = verify(rsa.withTimes(NOW + 3_600, -1).sign(bytes(MESSAGE)));
        assertThat(future.reason()).startsWith("signature timestamp in the future");
        assertThat(verify(expired, DkimPolicy.defaults().withClockSkew(Duration.ofHours(1))).result())
                .isEqualTo(DkimResult.PASS);
    }

    @Test
    void rfc8301PolicyGivesPolicyResult() throws Exception {
        DkimVerdict shortKey = verify(small.sign(bytes(MESSAGE)));
        assertThat(shortKey.result()).isEqualTo(DkimResult.POLICY);
        assertThat(shortKey.reason()).contains("512 bits");
        assertThat(verify(small.sign(bytes(MESSAGE)), DkimPolicy.defaults().withMinRsaBits(512)).result())
                .isEqualTo(DkimResult.PASS);
        DkimVerdict sha1 = verify(DkimSigner.rsaSha1(rsaPair.getPrivate(), "example.test", "rsa").sign(bytes(MESSAGE)));
        assertThat(sha1.result()).isEqualTo(DkimResult.POLICY);
        assertThat(sha1.reason()).contains("rsa-sha1");
    }

    @Test
    void dnsFailures() throws Exception {
        String signed = text(rsa.sign(bytes(MESSAGE)));
        DkimVerdict servfail = verify(bytes(signed.replace("s=rsa", "s=broken")));
        assertThat(servfail.result()).isEqualTo(DkimResult.TEMPERROR);
        DkimVerdict timeout = verify(bytes(signed.replace("s=rsa", "s=slow")));
        assertThat(timeout.result()).isEqualTo(DkimResult.TEMPERROR);
        assertThat(timeout.reason()).contains("timeout");
        DkimVerdict nx = verify(bytes(signed.replace("s=rsa", "s=missing")));
        assertThat(nx.result()).isEqualTo(DkimResult.PERMERROR);
        assertThat(nx.reason()).contains("no key for signature");
        DkimVerdict revoked = verify(bytes(signed.replace("s=rsa", "s=revoked")));
        assertThat(revoked.result()).isEqualTo(DkimResult.PERMERROR);
        assertThat(revoked.reason()).contains("revoked");
    }

    @Test
    void bestSignatureWinsAndLimitIsKept() throws Exception {
        String good = text(rsa.sign(bytes(MESSAGE)));
        String bad = text(rsa.sign(bytes(good.replace("tomorrow", "today"))));
        // bad: top signature signs an altered body; after restoring the body only the lower one passes
        String both = bad.replace("today", "tomorrow");
        DkimVerdict v = verify(bytes(both));
        assertThat(v.signatures()).extracting(DkimSignatureVerdict::result)
                .containsExactly(DkimResult.FAIL, DkimResult.PASS);
        assertThat(v.result()).isEqualTo(DkimResult.PASS);
        DkimVerdict limited = verify(bytes(both), DkimPolicy.defaults().withMaxSignatures(1));
        assertThat(limited.signatures()).hasSize(1);
        assertThat(limited.skipped()).isEqualTo(1);
        assertThat(limited.result()).isEqualTo(DkimResult.FAIL);
    }

    @Test
    void noSignatureAndGarbage() {
        assertThat(verify(bytes(MESSAGE)).result()).isEqualTo(DkimResult.NONE);
        assertThat(verify(new byte[0]).result()).isEqualTo(DkimResult.NONE);
        assertThat(verify(null).result()).isEqualTo(DkimResult.NONE);
        DkimVerdict junk = verify(bytes("DKIM-Signature: \u00ff\u0000;;=;b\r\n\r\n"));
        assertThat(junk.result()).isEqualTo(DkimResult.PERMERROR);
        DkimVerdict big = verify(bytes("DKIM-Signature: v=1\r\nX: " + "a".repeat(2000) + "\r\n\r\n"),
                DkimPolicy.defaults().withMaxHeaderBytes(1000));
        // our own limit, not the sender's fault: policy, and marked incomplete
        assertThat(big.result()).isEqualTo(DkimResult.POLICY);
        assertThat(big.incomplete()).isTrue();
        assertThat(big.reason()).contains("header section larger than 1000");
    }

    @Test
    void whatMxpackCouldNotVerifyIsPolicyOrTemperrorAndIncomplete() {
        DkimVerdict tooLong = verify(bytes("DKIM-Signature: v=1\r\n\r\n" + "body line\r\n".repeat(200)),
                DkimPolicy.defaults().withMaxBodyBytes(1000));
        assertThat(tooLong.result()).isEqualTo(DkimResult.POLICY);
        assertThat(tooLong.reason()).contains("body larger than 1000");
        assertThat(tooLong.incomplete()).isTrue();
        org.mxpack.core.message.MessageSource unreadable = new org.mxpack.core.message.MessageSource() {
            @Override
            public java.io.InputStream open() throws java.io.IOException {
                throw new java.io.IOException("spool gone");
            }

            @Override
            public long size() {
                return 10;
            }
        };
        DkimVerdict lost = new DkimVerifier((n, t) -> { throw new AssertionError("no lookup"); }, DkimPolicy.defaults())
                .verify(unreadable).join();
        assertThat(lost.result()).isEqualTo(DkimResult.TEMPERROR);
        assertThat(lost.reason()).contains("spool gone");
        assertThat(lost.incomplete()).isTrue();
        assertThat(DkimVerdict.fromMap(lost.toMap()).incomplete()).isTrue();
        assertThat(verify(bytes(MESSAGE)).incomplete()).isFalse();
    }

    /** RFC 8463 appendix A.3: ed25519-sha256 and rsa-sha256 signatures of the same message, both pass. */
    @Test
    void rfc8463AppendixA3() throws Exception {
        LoopbackDnsServer own = LoopbackDnsServer.start();
        try {
            own.add(new TXTRecord(Name.fromString("brisbane._domainkey.football.example.com."), DClass.IN, 300,
                    DkimConformanceTest.chunks(DkimKeyTest.ED)));
            own.add(new TXTRecord(Name.fromString("test._domainkey.football.example.com."), DClass.IN, 300,
                    DkimConformanceTest.chunks(DkimKeyTest.RSA)));
            DnsjavaResolver r = new DnsjavaResolver(DnsSettings.of(List.of(DnsSettings.parseServer(own.address()))));
            byte[] msg = Files.readAllBytes(ConformanceData.dir().resolve("dkim/rfc8463/rfc8463-a3-relaxed.eml"));
            DkimVerdict v = new DkimVerifier(r, DkimPolicy.defaults().withClock(CLOCK)).verifyBlocking(msg);
            assertThat(v.signatures()).extracting(s -> s.algorithm() + "=" + s.result().keyword())
                    .containsExactly("ed25519-sha256=pass", "rsa-sha256=pass");
            assertThat(v.signatures().get(0).selector()).isEqualTo("brisbane");
        } finally {
            own.close();
        }
    }

    @Test
    void authResultsAndMapRoundTrip() throws Exception {
        DkimVerdict v = verify(ed.sign(rsa.withIdentity("joe@example.test").sign(bytes(MESSAGE))));
        List<AuthResult> ar = v.toAuthResult();
        assertThat(ar).hasSize(2);
        assertThat(ar.get(1).method()).isEqualTo("dkim");
        assertThat(ar.get(1).result()).isEqualTo("pass");
        assertThat(ar.get(1).properties()).extracting(AuthResult.Property::toString)
                .contains("header.d=example.test", "header.i=joe@example.test", "header.s=rsa", "header.a=rsa-sha256");
        String headerB = ar.get(1).properties().get(4).value();
        assertThat(headerB.length()).isGreaterThanOrEqualTo(8);
        assertThat(v.signatures().get(1).signature()).startsWith(headerB);
        Map<String, Object> map = v.toMap();
        assertThat(DkimVerdict.fromMap(map)).isEqualTo(v);
        assertThat(DkimVerdict.fromMap(DkimVerdict.none().toMap())).isEqualTo(DkimVerdict.none());
        assertThat(DkimVerdict.none().toAuthResult()).containsExactly(
                AuthResult.of("dkim", "none").withReason("no signature"));
    }

    @Test
    void alignment() throws Exception {
        DkimVerdict v = verify(rsa.sign(bytes(MESSAGE)));
        assertThat(v.alignedWith("EXAMPLE.test.", null)).hasSize(1);
        assertThat(v.alignedWith("mail.example.test", null)).isEmpty();
        assertThat(v.alignedWith("mail.example.test", "example.test")).hasSize(1);
        assertThat(v.alignedWith("example.org", "example.org")).isEmpty();
    }
}
