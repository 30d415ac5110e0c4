package org.mxpack.core.arc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.mxpack.core.dkim.DkimPolicy;
import org.mxpack.core.dns.DnsAnswer;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * ARC header fields come from every hop before us: any set of ARC-Seal, ARC-Message-Signature and
 * ARC-Authentication-Results fields, well-formed, broken or hostile, parses into a chain or the documented
 * {@code ArcChain.Invalid}, verifies to a verdict (fail with a reason, never an exception), and can still be
 * sealed over or refused with {@link ArcSealException}. Tries per property from junit-platform.properties.
 */
class ArcFuzzTest {
    private static final ArcVerifier VERIFIER = new ArcVerifier((name, type) -> CompletableFuture.completedFuture(
            DnsAnswer.records(name, type, List.of("v=DKIM1; k=rsa; p=MIIBIjANBgkq"))), DkimPolicy.defaults());
    private static final PrivateKey KEY = key();

    private static PrivateKey key() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(1024);
            return g.generateKeyPair().getPrivate();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Provide
    Arbitrary<String> values() {
        Arbitrary<String> token = Arbitraries.of("i=1", "i=2", "i=50", "i=51", "i=0", "i=-1", "i=99999999999", "i=",
                "cv=none", "cv=pass", "cv=fail", "cv=", "a=rsa-sha256", "a=rsa-sha1", "a=ed25519-sha256", "b=",
                "b=AAAA", "bh=AAAA", "d=example.test", "d=", "s=arc", "h=from:to", "h=arc-seal", "h=", "c=relaxed/relaxed",
                "c=simple", "t=1", "x=0", "l=5", "mx.test", "spf=pass", ";", " ", "\r\n ", "=", "==", "\u00ff",
                "(comment; i=3)");
        Arbitrary<String> structured = token.list().ofMaxSize(20).map(l -> String.join("; ", l));
        return Arbitraries.oneOf(structured, Arbitraries.strings().ofMaxLength(200));
    }

    @Provide
    Arbitrary<List<String>> arcFields() {
        Arbitrary<String> name = Arbitraries.of("ARC-Seal", "ARC-Message-Signature", "ARC-Authentication-Results",
                "arc-seal", "From");
        Arbitrary<String> field = net.jqwik.api.Combinators.combine(name, values()).as((n, v) -> n + ": " + v);
        return field.list().ofMaxSize(12);
    }

    @Property
    void anyArcFieldsParseOrAreInvalid(@ForAll("arcFields") List<String> fields) {
        List<String> clean = new ArrayList<>();
        for (String f : fields) {
            clean.add(f.replace("\r\n ", " ").replace("\r", "").replace("\n", ""));
        }
        try {
            ArcChain chain = ArcChain.parse(clean);
            assertThat(chain.size()).isBetween(0, ArcChain.MAX_INSTANCES);
        } catch (ArcChain.Invalid e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property
    void anyMessageGetsAVerdictWithAReason(@ForAll("arcFields") List<String> fields, @ForAll("values") String body) {
        byte[] raw = (String.join("\r\n", fields) + (fields.isEmpty() ? "" : "\r\n")
                + "From: a@example.test\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
        ArcVerdict v = VERIFIER.verify(raw).join();
        assertThat(v).isNotNull();
        if (v.result() == ArcResult.FAIL) {
            assertThat(v.reason()).isNotBlank();
        }
        assertThat(v.instances()).isBetween(0, ArcChain.MAX_INSTANCES);
    }

    @Property(tries = 300)
    void anyMessageCanBeSealedOrIsRefused(@ForAll("arcFields") List<String> fields, @ForAll("values") String body) {
        byte[] raw = (String.join("\r\n", fields) + (fields.isEmpty() ? "" : "\r\n")
                + "From: a@example.test\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
        ArcSealer sealer = ArcSealer.rsaSha256(KEY, "example.test", "arc", "mx.example.test");
        try {
            ArcSet set = sealer.seal(raw, VERIFIER.verify(raw).join(), body);
            assertThat(set.instance()).isBetween(1, ArcChain.MAX_INSTANCES);
            assertThat(set.headerBlock()).startsWith("ARC-Seal: i=" + set.instance() + ";");
        } catch (ArcSealException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
