package org.mxpack.core.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import org.mxpack.core.spf.SpfIdentity;
import org.mxpack.core.spf.SpfResult;
import org.mxpack.core.spf.SpfVerdict;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every header mxpack writes carries text a client or a zone chose (HELO, addresses, reasons from DNS):
 * whatever it is, the header stays one valid field: no CR or LF but a fold (CRLF before a space or
 * tab), no line over 998 octets (RFC 5322 §2.1.1). 10,000 tries each in {@code mvn verify}.
 */
class HeaderFuzzTest {
    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> token = Arbitraries.of("\r", "\n", "\r\n", "\t", " ", "\"", "\\", "(", ")", ";", "=", "\u0000",
                "\u007f", "\u00e9", "\u2028", "example.com", "a".repeat(120), "x".repeat(1200));
        Arbitrary<String> structured = token.list().ofMaxSize(20).map(l -> String.join("", l));
        return Arbitraries.oneOf(structured, Arbitraries.strings().ofMaxLength(2000));
    }

    @Property
    void authenticationResultsStaysOneValidField(@ForAll("hostile") String reason, @ForAll("hostile") String value) {
        String header = AuthenticationResultsHeader.builder("mx.example.test")
                .add(AuthResult.of("spf", "fail").withReason(reason).withProperty("smtp", "mailfrom", value))
                .add(AuthResult.of("dkim", "pass").withComment(reason).withProperty("header", "d", value))
                .build().headerLine();
        assertValidField(header);
    }

    @Property
    void receivedSpfStaysOneFoldableField(@ForAll("hostile") String helo, @ForAll("hostile") String problem) {
        // rendered on one line; the mailet folds it at its spaces (MimeUtility.fold), so no run without a
        // space may come near the 998-octet limit
        String header = SpfVerdict.of(SpfResult.PERMERROR, SpfIdentity.MAILFROM, "example.com", "192.0.2.1", helo,
                "a@example.com", "", "", problem).receivedSpfHeader("mx.example.test");
        assertThat(header).doesNotContain("\r", "\n");
        for (String run : header.split(" ")) {
            assertThat(run.length()).as("longest unbreakable run").isLessThanOrEqualTo(998 - "Received-SPF: ".length());
        }
    }

    static void assertValidField(String header) {
        String[] lines = header.split("\r\n", -1);
        for (int i = 0; i < lines.length; i++) {
            assertThat(lines[i]).doesNotContain("\r", "\n");
            assertThat(lines[i].length()).as("line length").isLessThanOrEqualTo(998);
            if (i > 0) {
                assertThat(lines[i]).as("a continuation line starts with a space or tab").matches("(?s)[ \t].*");
            }
        }
    }
}
