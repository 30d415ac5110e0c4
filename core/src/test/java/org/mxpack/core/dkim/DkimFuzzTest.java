package org.mxpack.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.mxpack.core.dns.DnsAnswer;
import org.mxpack.core.dns.RecordType;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * DKIM-Signature fields come from the sender, key records from its zone: tag lists, signatures, key
 * records and whole messages end in a result or the documented {@link DkimPermError}, never another
 * exception; verification of anything gives a verdict. 10,000 tries each in {@code mvn verify}.
 */
class DkimFuzzTest {
    private static final DkimVerifier VERIFIER = new DkimVerifier((name, type) -> java.util.concurrent.CompletableFuture
            .completedFuture(DnsAnswer.records(name, type, java.util.List.of("v=DKIM1; k=rsa; p=MIIBIjANBgkq"))),
            DkimPolicy.defaults());

    @Provide
    Arbitrary<String> tagLists() {
        Arbitrary<String> token = Arbitraries.of("v=1", "a=rsa-sha256", "a=ed25519-sha256", "a=rsa-sha1", "b=", "bh=",
                "c=relaxed/simple", "c=simple", "d=example.com", "s=sel", "h=from:to", "h=", "i=@example.com",
                "l=0", "l=99999999999999999999", "t=1", "x=0", "q=dns/txt", "z=a|b", ";", " ", "\r\n ", "=", "==",
                "ABCD", "+/", "\u00ff", "k=rsa", "p=", "v=DKIM1", "n=note", "s=email", "t=y", "g=*");
        Arbitrary<String> structured = token.list().ofMaxSize(40).map(l -> String.join("", l));
        return Arbitraries.oneOf(structured, Arbitraries.strings().ofMaxLength(300));
    }

    @Property
    void tagListsAndSignaturesParseOrArePermerrors(@ForAll("tagLists") String text) {
        try {
            DkimSignature.parse("DKIM-Signature: " + text, TagList.parse(text));
        } catch (DkimPermError e) {
            assertThat(e.getMessage()).isNotNull();
        }
    }

    @Property
    void keyRecordsParseOrArePermerrors(@ForAll("tagLists") String text) {
        try {
            DkimKey.parse(text);
        } catch (DkimPermError e) {
            assertThat(e.getMessage()).isNotNull();
        }
    }

    @Property
    void anyMessageGetsAVerdict(@ForAll("tagLists") String signature, @ForAll("tagLists") String body) {
        byte[] raw = ("DKIM-Signature: " + signature + "\r\nFrom: a@example.com\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8);
        assertThat(VERIFIER.verify(raw).join()).isNotNull();
    }
}
