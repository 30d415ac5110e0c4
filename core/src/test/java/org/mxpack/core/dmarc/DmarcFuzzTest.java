package org.mxpack.core.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * DMARC records come from any zone, From fields from any sender: both parse to a value (or "no valid
 * record") without an exception, and no more author domains come out than are evaluated.
 * 10,000 tries each in {@code mvn verify}.
 */
class DmarcFuzzTest {
    @Provide
    Arbitrary<String> records() {
        Arbitrary<String> token = Arbitraries.of("v=DMARC1", "p=reject", "p=none", "p=quarantine", "sp=", "np=",
                "pct=", "pct=101", "pct=-1", "adkim=s", "aspf=r", "rua=mailto:a@b", "ruf=", "fo=1", "ri=86400",
                ";", " ", "=", ",", "\t", "\u00e9", "0", "100", "99999999999999999999");
        Arbitrary<String> structured = token.list().ofMaxSize(30).map(l -> String.join("", l));
        return Arbitraries.oneOf(structured, Arbitraries.strings().ofMaxLength(300));
    }

    @Provide
    Arbitrary<String> fromFields() {
        Arbitrary<String> token = Arbitraries.of("a@example.com", "b@example.org", "\"x, y\" <c@example.net>",
                "(comment <d@evil.example>)", "<", ">", ",", ";", ":", "group:", "\"", "\\", "@", ".", " ",
                "\r\n ", "\r\n\t", "\u00e9@\u00e9.example", "@@", "((", "))");
        Arbitrary<String> structured = token.list().ofMaxSize(40).map(l -> String.join("", l));
        return Arbitraries.oneOf(structured, Arbitraries.strings().ofMaxLength(300));
    }

    @Property
    void recordsParseWithoutExceptions(@ForAll("records") String txt) {
        assertThat(DmarcRecord.parse(txt)).isNotNull();
    }

    @Property
    void authorDomainsAreBoundedAndNeverAnException(@ForAll("fromFields") String from) {
        AuthorDomains authors = AuthorDomains.parse(("From: " + from + "\r\nFrom: " + from + "\r\n\r\nbody\r\n")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(authors.domains().size()).isLessThanOrEqualTo(AuthorDomains.MAX_DOMAINS);
        assertThat(authors.tooMany()).isEqualTo(authors.distinct() > AuthorDomains.MAX_DOMAINS);
    }
}
