package org.mxpack.core.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

/** Address parsing and CIDR matching for ip4/ip6/a/mx (RFC 7208 §5.6, §5). */
class IpTest {
    @Test
    void strictLiterals() {
        assertThat(Ip.parse4("192.0.2.1")).isNotNull();
        assertThat(Ip.parse4("192.0.2")).isNull();
        assertThat(Ip.parse4("192.0.2.256")).isNull();
        assertThat(Ip.parse4("192.0.2.01")).isNull();
        assertThat(Ip.parse4("example.com")).isNull();
        assertThat(Ip.parse6("2001:db8::1")).isNotNull();
        assertThat(Ip.parse6("1.2.3.4")).isNull();
        assertThat(Ip.parse6("example.com")).isNull();
        assertThat(Ip.parse6("2001:db8::g")).isNull();
        assertThat(Ip.parse6("::ffff:192.0.2.1").isV4()).isFalse(); // an ip6: network stays IPv6
    }

    @Test
    void cidrMatching() {
        Ip ip = Ip.parse4("192.0.2.130");
        assertThat(ip.inNetwork(Ip.parse4("192.0.2.0"), 24)).isTrue();
        assertThat(ip.inNetwork(Ip.parse4("192.0.2.0"), 25)).isFalse();
        assertThat(ip.inNetwork(Ip.parse4("192.0.2.128"), 25)).isTrue();
        assertThat(ip.inNetwork(Ip.parse4("10.0.0.0"), 0)).isTrue();
        assertThat(ip.inNetwork(Ip.parse6("2001:db8::"), 0)).isFalse(); // other family never matches
        Ip v6 = Ip.parse6("2001:db8:1:2::5");
        assertThat(v6.inNetwork(Ip.parse6("2001:db8::"), 32)).isTrue();
        assertThat(v6.inNetwork(Ip.parse6("2001:db8::"), 48)).isFalse();
        assertThat(v6.inNetwork(Ip.parse6("2001:db8:1:2::4"), 127)).isTrue();
    }

    @Test
    void mappedClientIsIpv4() throws Exception {
        Ip mapped = Ip.of(InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, (byte) 192, 0, 2, 1}));
        assertThat(mapped.isV4()).isTrue();
        assertThat(mapped.text()).isEqualTo("192.0.2.1");
    }

    @Test
    void textAndReverseNames() throws Exception {
        assertThat(Ip.of(InetAddress.getByName("2001:db8:0:0:1:0:0:1")).text()).isEqualTo("2001:db8::1:0:0:1");
        assertThat(Ip.of(InetAddress.getByName("2001:db8::")).text()).isEqualTo("2001:db8::");
        assertThat(Ip.of(InetAddress.getByName("::1")).text()).isEqualTo("::1");
        assertThat(Ip.parse4("192.0.2.3").reverseName()).isEqualTo("3.2.0.192.in-addr.arpa");
        assertThat(Ip.parse6("2001:db8::cb01").reverseName())
                .isEqualTo("1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
    }

    @Test
    void ipv6MacroFormKeepsTheLetterCaseOfTheLiteralGiven() throws Exception {
        java.net.InetAddress given = SpfChecker.parseAddress("CAFE:BABE::1");
        org.assertj.core.api.Assertions.assertThat(Ip.of(given).macroForm())
                .isEqualTo("C.A.F.E.B.A.B.E.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1");
        org.assertj.core.api.Assertions.assertThat(Ip.of(given).text()).isEqualTo("cafe:babe::1");
        // from a socket (no literal given): lower case
        org.assertj.core.api.Assertions.assertThat(Ip.of(java.net.InetAddress.getByAddress(given.getAddress())).macroForm())
                .startsWith("c.a.f.e.b.a.b.e.");
        org.assertj.core.api.Assertions.assertThat(Ip.nibblesAsWritten("Ab::", given.getAddress())).isNull();
        org.assertj.core.api.Assertions.assertThat(Ip.nibblesAsWritten("::ffff:1.2.3.4", given.getAddress())).isNull();
    }
}
