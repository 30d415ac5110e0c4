package org.mxpack.core.helo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any HELO argument gets a judgement, never an exception. 10,000 tries in {@code mvn verify}. */
class HeloFuzzTest {
    @Provide
    Arbitrary<String> helos() {
        Arbitrary<String> token = Arbitraries.of("[", "]", "IPv6:", "192.0.2.7", "127.0.0.1", "::1", "mx", ".",
                "example.com", "-", "_", " ", "\u00e9", "0", "999", "localhost", "mx.example.test");
        Arbitrary<String> structured = token.list().ofMaxSize(20).map(l -> String.join("", l));
        return Arbitraries.oneOf(structured, Arbitraries.strings().ofMaxLength(300));
    }

    @Property
    void everyHeloIsJudged(@ForAll("helos") String helo) throws Exception {
        assertThat(HeloName.judge(helo, InetAddress.getByName("192.0.2.7"), "mx.example.test",
                List.of(InetAddress.getByName("198.51.100.25")))).isNotNull();
        HeloName.isDomain(helo);
    }
}
