package org.mxpack.core.arc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mxpack.core.arc.ArcFixture.MESSAGE;
import static org.mxpack.core.arc.ArcFixture.bytes;
import static org.mxpack.core.arc.ArcFixture.text;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.core.verdict.AuthResult;

/** mxpack's sealer and verifier against each other, through the loopback DNS server. */
class ArcVerifierTest {
    private static ArcFixture f;
    private static ArcSealer lists;
    private static ArcSealer forwarder;
    private static ArcSealer mx;

    @BeforeAll
    static void start() throws Exception {
        f = new ArcFixture();
        lists = f.sealer(f.first, "lists.test", "lists.test");
        forwarder = f.sealer(f.second, "forwarder.test", "forwarder.test");
        mx = f.sealer(f.third, "mx.test", "mx.test");
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void noArcHeadersIsNone() {
        ArcVerdict v = f.verify(bytes(MESSAGE));
        assertThat(v.result()).isEqualTo(ArcResult.NONE);
        assertThat(v.instances()).isZero();
        assertThat(v.oldestPass()).isEmpty();
    }

    @Test
    void oneTwoAndThreeHopsPass() throws Exception {
        byte[] one = f.hop(bytes(MESSAGE), lists);
        byte[] two = f.hop(one, forwarder);
        byte[] three = f.hop(two, mx);
        for (int n = 1; n <= 3; n++) {
            ArcVerdict v = f.verify(n == 1 ? one : n == 2 ? two : three);
            assertThat(v.result()).as(v.toString()).isEqualTo(ArcResult.PASS);
            assertThat(v.instances()).isEqualTo(n);
            assertThat(v.oldestPass()).hasValue(0);
            assertThat(v.reason()).isEmpty();
        }
        ArcVerdict v = f.verify(three);
        assertThat(v.sealDomain()).isEqualTo("mx.test");
        assertThat(v.authResults()).startsWith("mx.test;").contains("spf=pass smtp.mailfrom=origin.test")
                .contains("arc=pass");
        assertThat(text(three)).contains("ARC-Seal: i=3; a=rsa-sha256; t=1700000000; cv=pass; d=mx.test; s=arc;")
                .contains("ARC-Seal: i=1; a=rsa-sha256; t=1700000000; cv=none; d=lists.test; s=arc;");
        assertThat(text(three).indexOf("ARC-Seal: i=3")).isZero();
    }

    @Test
    void aHopThatChangesTheMessageMovesOldestPass() throws Exception {
        byte[] one = f.hop(bytes(MESSAGE), lists);
        ArcVerdict received = f.verify(one); // the list verifies what it receives, then adds its tag and footer
        assertThat(received.result()).isEqualTo(ArcResult.PASS);
        byte[] changed = bytes(text(one).replace("Subject: hello", "Subject: [list] hello")
                .replace("see you  tomorrow.", "see you  tomorrow.\r\n-- \r\nlist footer"));
        byte[] two = forwarder.seal(changed, received, "spf=pass").prependTo(changed);
        byte[] three = f.hop(two, mx);
        ArcVerdict v = f.verify(three);
        assertThat(v.result()).as(v.toString()).isEqualTo(ArcResult.PASS);
        assertThat(v.oldestPass()).hasValue(2);
        assertThat(v.toAuthResult().properties()).extracting(AuthResult.Property::value).containsExactly("2");
    }

    @Test
    void tamperedBodyFails() throws Exception {
        byte[] two = f.hop(f.hop(bytes(MESSAGE), lists), forwarder);
        ArcVerdict v = f.verify(bytes(text(two).replace("see you", "pay me")));
        assertThat(v.result()).isEqualTo(ArcResult.FAIL);
        assertThat(v.reason()).isEqualTo("ARC-Message-Signature i=2 did not validate: body hash did not verify");
        assertThat(v.instances()).isEqualTo(2);
        assertThat(v.oldestPass()).isEmpty();
    }

    @Test
    void tamperedSealFails() throws Exception {
        byte[] two = f.hop(f.hop(bytes(MESSAGE), lists), forwarder);
        ArcVerdict v = f.verify(bytes(text(two).replace("cv=none; d=lists.test; s=arc;", "cv=none; d=lists.test; s=arc; x=9999999999;")));
        assertThat(v.result()).isEqualTo(ArcResult.FAIL);
        assertThat(v.reason()).startsWith("ARC-Seal i=");
        assertThat(v.reason()).endsWith("did not validate: signature did not verify");
    }

    @Test
    void cvRulesAreStructural() throws Exception {
        byte[] two = f.hop(f.hop(bytes(MESSAGE), lists), forwarder);
        String t = text(two);
        assertThat(f.verify(bytes(t.replace("i=2; a=rsa-sha256; t=1700000000; cv=pass", "i=2; a=rsa-sha256; t=1700000000; cv=none"))).reason())
                .isEqualTo("ARC-Seal i=2 must say cv=pass, says cv=none");
        assertThat(f.verify(bytes(t.replace("i=1; a=rsa-sha256; t=1700000000; cv=none", "i=1; a=rsa-sha256; t=1700000000; cv=pass"))).reason())
                .isEqualTo("ARC-Seal i=1 must say cv=none, says cv=pass");
        assertThat(f.verify(bytes(t.replace("i=2; a=rsa-sha256; t=1700000000; cv=pass", "i=2; a=rsa-sha256; t=1700000000; cv=fail"))).reason())
                .isEqualTo("the newest ARC-Seal (i=2) says cv=fail");
        assertThat(f.verify(bytes(t.replace("cv=pass", "cv=maybe"))).reason()).isEqualTo("ARC-Seal i=2 has an invalid cv=maybe");
    }

    @Test
    void aFailedChainIsSealedWithCvFailAndStaysFailed() throws Exception {
        byte[] one = f.hop(bytes(MESSAGE), lists);
        byte[] broken = bytes(text(one).replace("s=arc; t=1700000000;\r\n\th=", "s=arc; t=1700000001;\r\n\th="));
        ArcVerdict before = f.verify(broken);
        assertThat(before.result()).isEqualTo(ArcResult.FAIL);
        byte[] two = f.hop(broken, forwarder);
        assertThat(text(two)).contains("ARC-Seal: i=2; a=rsa-sha256; t=1700000000; cv=fail;").contains("arc=fail");
        ArcVerdict v = f.verify(two);
        assertThat(v.result()).isEqualTo(ArcResult.FAIL);
        assertThat(v.reason()).isEqualTo("the newest ARC-Seal (i=2) says cv=fail");
    }

    @Test
    void gapsDuplicatesAndIncompleteSetsFail() throws Exception {
        byte[] one = f.hop(bytes(MESSAGE), lists);
        String t = text(one);
        assertThat(f.verify(bytes(t.replace("i=1;", "i=2;"))).reason()).isEqualTo("gap in the chain: no ARC set 1 of 2");
        String aar = t.substring(t.indexOf("ARC-Authentication-Results:"), t.indexOf("\r\nFrom:") + 2);
        assertThat(f.verify(bytes(aar + t)).reason()).isEqualTo("duplicate ARC-Authentication-Results for instance 1");
        assertThat(f.verify(bytes(t.replace(aar, ""))).reason()).isEqualTo("ARC set 1 has no ARC-Authentication-Results");
        assertThat(f.verify(bytes("ARC-Seal: i=51; cv=pass; a=rsa-sha256; d=x.test; s=s; b=AA==\r\n" + t)).reason())
                .isEqualTo("ARC-Seal instance i=51 outside 1..50 (RFC 8617 §4.2.1)");
        assertThat(f.verify(bytes("ARC-Seal: nonsense\r\n" + t)).reason()).startsWith("malformed ARC-Seal: ");
        assertThat(f.verify(bytes("ARC-Authentication-Results: mx.test; spf=pass\r\n" + t)).reason())
                .isEqualTo("ARC-Authentication-Results without a leading i= instance");
    }

    @Test
    void moreThanFiftySetsFail() {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= 51; i++) {
            b.append("ARC-Authentication-Results: i=").append(Math.min(i, 50)).append("; x.test; none\r\n");
            b.append("ARC-Message-Signature: i=1; a=rsa-sha256; d=x.test; s=s; h=from; bh=AA==; b=AA==\r\n");
            b.append("ARC-Seal: i=1; a=rsa-sha256; cv=none; d=x.test; s=s; b=AA==\r\n");
        }
        ArcVerdict v = f.verify(bytes(b + MESSAGE));
        assertThat(v.result()).isEqualTo(ArcResult.FAIL);
        assertThat(v.reason()).isEqualTo("more than 50 ARC sets (RFC 8617 §4.2.1)");
    }

    @Test
    void signatureRulesOfRfc8617() throws Exception {
        String t = text(f.hop(bytes(MESSAGE), lists));
        assertThat(f.verify(bytes(t.replace("h=from:", "h=arc-seal:from:"))).reason())
                .isEqualTo("ARC-Message-Signature i=1 signs ARC-Seal (not allowed, RFC 8617 §4.1.2)");
        assertThat(f.verify(bytes(t.replace("cv=none;", "cv=none; h=from;"))).reason())
                .isEqualTo("ARC-Seal i=1 has an h= tag (not allowed, RFC 8617 §4.1.3)");
        assertThat(f.verify(bytes(t.replace("i=1; a=rsa-sha256; c=", "i=1; a=rsa-sha1; c="))).reason())
                .isEqualTo("ARC-Message-Signature i=1 did not validate: body hash did not verify");
    }

    @Test
    void keyPolicyAsForDkim() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(512);
        KeyPair small = g.generateKeyPair();
        f.publish("small._domainkey.weak.test", small);
        ArcSealer weak = ArcSealer.rsaSha256(small.getPrivate(), "weak.test", "small", "weak.test")
                .withClock(ArcFixture.CLOCK);
        ArcVerdict v = f.verify(f.hop(bytes(MESSAGE), weak));
        assertThat(v.result()).isEqualTo(ArcResult.FAIL);
        assertThat(v.reason()).isEqualTo("ARC-Message-Signature i=1 did not validate: RSA key of 512 bits, minimum 1024 (RFC 8301)");
    }

    @Test
    void dnsTroubleFailsIncompleteAndMissingKeysFail() throws Exception {
        f.server.servfail("arc._domainkey.broken.test");
        ArcSealer broken = f.sealer(f.first, "broken.test", "broken.test");
        ArcVerdict temp = f.verify(f.hop(bytes(MESSAGE), broken));
        assertThat(temp.result()).isEqualTo(ArcResult.FAIL);
        assertThat(temp.incomplete()).isTrue();
        assertThat(temp.reason()).contains("key lookup failed temporarily");
        ArcSealer missing = f.sealer(f.first, "nokey.test", "nokey.test");
        ArcVerdict none = f.verify(f.hop(bytes(MESSAGE), missing));
        assertThat(none.result()).isEqualTo(ArcResult.FAIL);
        assertThat(none.incomplete()).isFalse();
        assertThat(none.reason()).contains("no key (nxdomain");
    }

    @Test
    void lfOnlyMessagesVerifyAsCrlf() throws Exception {
        byte[] lf = bytes(MESSAGE.replace("\r\n", "\n"));
        byte[] sealed = f.hop(lf, lists);
        assertThat(text(sealed)).doesNotContain("\r");
        assertThat(f.verify(sealed).result()).isEqualTo(ArcResult.PASS);
    }

    @Test
    void verdictRoundTripsThroughAMap() throws Exception {
        ArcVerdict pass = f.verify(f.hop(f.hop(bytes(MESSAGE), lists), forwarder));
        Map<String, Object> m = pass.toMap();
        assertThat(m).containsEntry("result", "pass").containsEntry("instances", 2L).containsEntry("oldestPass", 0L)
                .containsEntry("sealDomain", "forwarder.test");
        assertThat(ArcVerdict.fromMap(m)).isEqualTo(pass);
        ArcVerdict fail = ArcVerdict.unverifiable("dns", 3, "x.test", "x.test; dmarc=pass");
        assertThat(ArcVerdict.fromMap(fail.toMap())).isEqualTo(fail);
        assertThat(ArcVerdict.fromMap(Map.of("result", "bogus")).result()).isEqualTo(ArcResult.NONE);
        assertThat(ArcVerdict.none().toAuthResult().toString()).contains("arc").contains("none");
    }

    @Test
    void oversizedKeysSignaturesAndChainsFail() throws Exception {
        java.math.BigInteger modulus = new java.math.BigInteger(9000, new java.security.SecureRandom()).setBit(8999)
                .setBit(0);
        java.security.PublicKey huge = java.security.KeyFactory.getInstance("RSA")
                .generatePublic(new java.security.spec.RSAPublicKeySpec(modulus, java.math.BigInteger.valueOf(65537)));
        f.txt("arc._domainkey.huge.test", "v=DKIM1; k=rsa; p=" + java.util.Base64.getEncoder().encodeToString(huge.getEncoded()));
        ArcVerdict v = f.verify(f.hop(bytes(MESSAGE), f.sealer(f.first, "huge.test", "huge.test")));
        assertThat(v.reason()).isEqualTo("ARC-Message-Signature i=1 did not validate: oversized RSA key (9000 bits)");
        String t = text(f.hop(bytes(MESSAGE), lists));
        String longB = "A".repeat(1400);
        assertThat(f.verify(bytes(t.replaceFirst("(ARC-Message-Signature: [^\\n]*\\n[^\\n]*\\n[^\\n]*\\n\tb=)", "$1" + longB + "\r\n\t")))
                .reason()).isEqualTo("ARC-Message-Signature i=1 did not validate: oversized signature (1306 bytes)"); // 1400 A + the 256-byte b=
        String padding = "ARC-Authentication-Results: i=1; x.test; x=" + "y".repeat(300_000) + "\r\n";
        assertThat(f.verify(bytes(padding + t)).reason()).isEqualTo("ARC fields larger than 262144 bytes together");
    }

    @Test
    void whatTheNewestSealerRecorded() throws Exception {
        byte[] one = f.hop(bytes(MESSAGE), lists);
        ArcVerdict received = f.verify(one);
        byte[] two = forwarder.seal(one, received, "forwarder.test; spf=fail smtp.mailfrom=origin.test;"
                + " dkim=pass (good; really) header.d=origin.test; dkim=fail header.d=other.test;"
                + " dmarc/1=pass header.from=origin.test").prependTo(one);
        ArcVerdict v = f.verify(two);
        assertThat(v.newestSealerResult("dmarc")).hasValue("pass");
        assertThat(v.newestSealerResult("spf")).hasValue("fail");
        assertThat(v.newestSealerResults("dkim")).containsExactly("pass", "fail");
        assertThat(v.newestSealerResult("arc")).hasValue("pass");
        assertThat(v.newestSealerResult("iprev")).isEmpty();
        ArcVerdict broken = f.verify(bytes(text(two).replace("see you", "pay me")));
        assertThat(broken.authResults()).contains("dmarc/1=pass");
        assertThat(broken.newestSealerResult("dmarc")).as("an unvalidated AAR proves nothing").isEmpty();
    }

    @Test
    void prefetchStartsTheKeyLookupsOfTheHeaderSection() throws Exception {
        String t = text(f.hop(f.hop(bytes(MESSAGE), lists), forwarder));
        assertThat(f.verifier.prefetchKeys(bytes(t.substring(0, t.indexOf("\r\n\r\n")))))
                .containsExactly("arc._domainkey.forwarder.test", "arc._domainkey.lists.test");
        assertThat(f.verifier.prefetchKeys(bytes("ARC-Seal: garbage\r\nFrom: x"))).isEmpty();
    }

    @Test
    void theSealerRefusesA51stSet() {
        StringBuilder b = new StringBuilder();
        b.append("ARC-Seal: i=50; a=rsa-sha256; cv=pass; d=x.test; s=s; b=AA==\r\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> lists.seal(bytes(b + MESSAGE), ArcVerdict.none(), "spf=pass"))
                .isInstanceOf(ArcSealException.class).hasMessageContaining("already has 50 ARC sets");
    }
}
