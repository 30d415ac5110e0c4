package org.mxpack.core.arc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mxpack.core.arc.ArcFixture.MESSAGE;
import static org.mxpack.core.arc.ArcFixture.bytes;
import static org.mxpack.core.arc.ArcFixture.text;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mxpack.core.cli.ArcSealCommandAccess;
import org.mxpack.testkit.Dkimpy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Interop with dkimpy, both directions, real parts only: keys in a loopback DNS server that both sides
 * query, chains sealed by dkimpy verified by mxpack, chains sealed by mxpack's {@code arc-seal} verb verified
 * by dkimpy (also under a dkimpy hop). Skipped (and said) without python3-dkim unless MXPACK_REQUIRE_PEERS=1.
 */
class DkimpyInteropTest {
    private static final long T = ArcFixture.NOW;
    @TempDir
    static Path dir;
    private static ArcFixture f;
    private static Dkimpy dkimpy;
    private static Path listsKey;
    private static Path forwarderKey;
    private static Path mxKey;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Dkimpy.available(), "dkimpy is not installed");
        f = new ArcFixture();
        dkimpy = Dkimpy.at(f.server.address(), dir);
        listsKey = pem(f.first, "lists.pem");
        forwarderKey = pem(f.second, "forwarder.pem");
        mxKey = pem(f.third, "mx.pem");
    }

    @AfterAll
    static void stop() {
        if (f != null) {
            f.close();
        }
    }

    private static Path pem(KeyPair pair, String name) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, ArcKeys.toPkcs1Pem((RSAPrivateCrtKey) pair.getPrivate()), StandardCharsets.US_ASCII);
        return p;
    }

    private static byte[] dkimpyHops(int hops) throws Exception {
        byte[] m = bytes(MESSAGE);
        String[][] sealers = {{"lists.test", listsKey.toString()}, {"forwarder.test", forwarderKey.toString()},
                {"mx.test", mxKey.toString()}};
        for (int i = 0; i < hops; i++) {
            m = dkimpy.seal(m, "arc", sealers[i][0], Path.of(sealers[i][1]), sealers[i][0], T + i);
        }
        return m;
    }

    @Test
    void chainsSealedByDkimpyPassInMxpack() throws Exception {
        for (int hops = 1; hops <= 3; hops++) {
            byte[] m = dkimpyHops(hops);
            assertThat(verify(m).get("cv").asText()).as("dkimpy on its own chain").isEqualTo("pass");
            ArcVerdict v = f.verify(m);
            assertThat(v.result()).as(hops + " hops: " + v).isEqualTo(ArcResult.PASS);
            assertThat(v.instances()).isEqualTo(hops);
            assertThat(v.oldestPass()).hasValue(0);
        }
        ArcVerdict three = f.verify(dkimpyHops(3));
        assertThat(three.sealDomain()).isEqualTo("mx.test");
        assertThat(three.authResults()).startsWith("mx.test;").contains("arc=pass");
    }

    @Test
    void tamperedBodyFails() throws Exception {
        byte[] m = bytes(text(dkimpyHops(2)).replace("see you", "pay me"));
        ArcVerdict v = f.verify(m);
        assertThat(v.result()).isEqualTo(ArcResult.FAIL);
        assertThat(v.reason()).isEqualTo("ARC-Message-Signature i=2 did not validate: body hash did not verify");
        assertThat(verify(m).get("cv").asText()).isEqualTo("fail");
    }

    @Test
    void tamperedSealFails() throws Exception {
        String t = text(dkimpyHops(2));
        int seal1 = t.indexOf("ARC-Seal: i=1;");
        int b = t.indexOf("b=", t.indexOf("s=arc", seal1)) + 2;
        char c = t.charAt(b + 10);
        byte[] m = bytes(t.substring(0, b + 10) + (c == 'A' ? 'B' : 'A') + t.substring(b + 11));
        ArcVerdict v = f.verify(m);
        assertThat(v.result()).isEqualTo(ArcResult.FAIL);
        // seal 2 covers seal 1 with its b=, and seals are checked newest first (RFC 8617 §5.2 step 6)
        assertThat(v.reason()).isEqualTo("ARC-Seal i=2 did not validate: signature did not verify");
        assertThat(verify(m).get("cv").asText()).isEqualTo("fail");
    }

    @Test
    void brokenCvFails() throws Exception {
        String t = text(dkimpyHops(2));
        byte[] m = bytes(t.replaceFirst("(ARC-Seal: i=2;[^\\n]*?)cv=pass", "$1cv=none"));
        assertThat(text(m)).isNotEqualTo(t);
        ArcVerdict v = f.verify(m);
        assertThat(v.result()).isEqualTo(ArcResult.FAIL);
        assertThat(v.reason()).isEqualTo("ARC-Seal i=2 must say cv=pass, says cv=none");
        // a dkimpy hop on top of a chain broken in transit says cv=fail, and that fails too
        byte[] broken = bytes(text(dkimpyHops(1)).replace("see you", "pay me"));
        byte[] sealed = dkimpy.seal(broken, "arc", "forwarder.test", forwarderKey, "forwarder.test", T + 5);
        assertThat(text(sealed)).containsPattern("ARC-Seal: i=2;[^\\n]*cv=fail");
        ArcVerdict w = f.verify(sealed);
        assertThat(w.result()).isEqualTo(ArcResult.FAIL);
        assertThat(w.reason()).isEqualTo("the newest ARC-Seal (i=2) says cv=fail");
    }

    @Test
    void mxpackSealsWhatDkimpyVerifiesAlsoUnderADkimpyHop() throws Exception {
        byte[] one = arcSeal(bytes("Authentication-Results: mx.test; spf=pass smtp.mailfrom=origin.test\r\n" + MESSAGE),
                "mx.test", mxKey, "mx.test");
        JsonNode first = verify(one);
        assertThat(first.get("cv").asText()).as(first.toString()).isEqualTo("pass");
        assertThat(text(one)).contains("ARC-Authentication-Results: i=1; mx.test;\r\n\tspf=pass smtp.mailfrom=origin.test;\r\n\tarc=none");
        byte[] two = dkimpy.seal(one, "arc", "forwarder.test", forwarderKey, "forwarder.test", T + 1);
        JsonNode second = verify(two);
        assertThat(second.get("cv").asText()).as(second.toString()).isEqualTo("pass");
        assertThat(second.get("instances").asInt()).isEqualTo(2);
        assertThat(f.verify(two).result()).isEqualTo(ArcResult.PASS);
        // and mxpack on top of dkimpy on top of mxpack
        byte[] three = arcSeal(two, "lists.test", listsKey, "lists.test");
        JsonNode third = verify(three);
        assertThat(third.get("cv").asText()).as(third.toString()).isEqualTo("pass");
        assertThat(f.verify(three).instances()).isEqualTo(3);
        assertThat(text(three)).contains("ARC-Seal: i=3; a=rsa-sha256; t=" + T + "; cv=pass; d=lists.test; s=arc;");
    }

    @Test
    void aDkimSignedMessageSealedByMxpackVerifiesInDkimpy() throws Exception {
        byte[] signed = org.mxpack.core.dkim.DkimSigner.rsaSha256(f.first.getPrivate(), "lists.test", "arc")
                .sign(bytes(MESSAGE));
        byte[] sealed = arcSeal(signed, "mx.test", mxKey, "mx.test");
        assertThat(text(sealed)).containsPattern("h=from:to:subject:date:message-id:dkim-signature;");
        JsonNode v = verify(sealed);
        assertThat(v.get("cv").asText()).as(v.toString()).isEqualTo("pass");
    }

    @Test
    void mxpackSealsOnADkimpyChain() throws Exception {
        byte[] sealed = arcSeal(dkimpyHops(2), "mx.test", mxKey, "mx.test");
        JsonNode v = verify(sealed);
        assertThat(v.get("cv").asText()).as(v.toString()).isEqualTo("pass");
        assertThat(v.get("instances").asInt()).isEqualTo(3);
    }

    /** {@code mxpack arc-seal --domain D --selector arc --key K --authserv-id D --dns .. --now T} on the bytes. */
    private static byte[] arcSeal(byte[] message, String domain, Path key, String authservId) throws Exception {
        List<String> argv = new ArrayList<>(List.of("--domain", domain, "--selector", "arc", "--key", key.toString(),
                "--authserv-id", authservId, "--dns", f.server.address(), "--dns-timeout", "500",
                "--now", Long.toString(T)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = ArcSealCommandAccess.run(argv, new ByteArrayInputStream(message), out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toByteArray();
    }

    private JsonNode verify(byte[] message) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(dkimpy.verifyJson(message));
    }
}
