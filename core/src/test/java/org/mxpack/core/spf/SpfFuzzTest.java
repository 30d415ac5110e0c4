package org.mxpack.core.spf;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * SPF records and macro-strings come from any DNS zone: parsing and expansion end in a result or an
 * {@link SpfError} (the documented permerror), never another exception, and never put a line break
 * into a name we would query. 10,000 tries each in {@code mvn verify}.
 */
class SpfFuzzTest {
    private static final Macros.Context CONTEXT = new Macros.Context("strong-bad@email.example.com",
            "strong-bad", "email.example.com", Ip.parseAny("192.0.2.3"), "mx.example.org", "mx.receiver.example",
            1_700_000_000L, () -> "mx.example.org");

    @Provide
    Arbitrary<String> records() {
        Arbitrary<String> token = Arbitraries.of("v=spf1", " ", "  ", "ip4:", "ip6:", "a", "mx", "ptr", "exists:",
                "include:", "redirect=", "exp=", "all", "-", "~", "?", "+", "/", "//", ":", "%{", "}", "%%", "%_", "%-",
                "d", "i", "s", "l", "o", "h", "p", "v", "c", "r", "t", "1", "24", "33", "128", "129", ".",
                "example.com", "::", "192.0.2.1", "2001:db8::/32", "=", "\u00e9", "\t", "\r\n", "unknown=x", "0");
        Arbitrary<String> structured = token.list().ofMaxSize(40).map(l -> String.join("", l));
        return Arbitraries.oneOf(structured, Arbitraries.strings().ofMaxLength(300));
    }

    @Provide
    Arbitrary<String> macroStrings() {
        Arbitrary<String> token = Arbitraries.of("%{", "}", "%%", "%_", "%-", "s", "l", "o", "d", "i", "p", "h",
                "c", "r", "t", "v", "S", "L", "0", "1", "9", "99", "r", ".", "-", "+", ",", "/", "_", "=",
                "example.com", "a", "\u00fc", " ", "\n");
        Arbitrary<String> structured = token.list().ofMaxSize(60).map(l -> String.join("", l));
        return Arbitraries.oneOf(structured, Arbitraries.strings().ofMaxLength(300));
    }

    @Property
    void recordsParseOrArePermerrors(@ForAll("records") String txt) {
        try {
            SpfRecord.parse(txt);
        } catch (SpfError e) {
            assertThat(e.result()).isEqualTo(SpfResult.PERMERROR);
        }
    }

    @Property
    void domainSpecsExpandToQueryableNamesOrArePermerrors(@ForAll("macroStrings") String spec) {
        try {
            String name = Macros.expandDomain(spec, CONTEXT, "example.com");
            assertThat(name).doesNotContain("\r", "\n");
        } catch (SpfError e) {
            assertThat(e.result()).isEqualTo(SpfResult.PERMERROR);
        }
    }

    @Property
    void explanationsExpandOrArePermerrors(@ForAll("macroStrings") String text) {
        try {
            Macros.expandExplanation(text, CONTEXT, "example.com");
        } catch (SpfError e) {
            assertThat(e.result()).isEqualTo(SpfResult.PERMERROR);
        }
    }
}
