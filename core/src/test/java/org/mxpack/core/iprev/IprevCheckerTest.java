package org.mxpack.core.iprev;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.core.dns.Dns;
import org.mxpack.core.dns.DnsSettings;
import org.mxpack.core.dns.DnsjavaResolver;
import org.mxpack.core.verdict.AuthResult;
import org.mxpack.testkit.LoopbackDnsServer;

class IprevCheckerTest {
    private static final String V6_PTR =
            "5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa";
    private static LoopbackDnsServer server;
    private static Dns dns;

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackDnsServer.start();
        // 192.0.2.1: two PTR names, the second confirms
        server.add("1.2.0.192.in-addr.arpa", "PTR", "other.example.test.");
        server.add("1.2.0.192.in-addr.arpa", "PTR", "mail.example.test.");
        server.add("other.example.test", "A", "192.0.2.99");
        server.add("mail.example.test", "A", "192.0.2.1");
        // 192.0.2.2: PTR name that does not exist
        server.add("2.2.0.192.in-addr.arpa", "PTR", "ghost.example.test.");
        // 192.0.2.3: PTR SERVFAIL
        server.servfail("3.2.0.192.in-addr.arpa");
        // 192.0.2.4: forward SERVFAIL
        server.add("4.2.0.192.in-addr.arpa", "PTR", "flaky.example.test.");
        server.servfail("flaky.example.test");
        // 192.0.2.5: name exists without PTR (NODATA)
        server.add("5.2.0.192.in-addr.arpa", "TXT", "\"no ptr here\"");
        // 192.0.2.6: 15 PTR names, only the 12th would confirm (beyond the bound)
        for (int i = 1; i <= 15; i++) {
            server.add("6.2.0.192.in-addr.arpa", "PTR", "n" + i + ".example.test.");
            server.add("n" + i + ".example.test", "A", i == 12 ? "192.0.2.6" : "192.0.2.250");
        }
        server.add(V6_PTR, "PTR", "v6.example.test.");
        server.add("v6.example.test", "AAAA", "2001:db8::25");
        server.add("v6.example.test", "A", "192.0.2.25");
        dns = new DnsjavaResolver(DnsSettings.of(List.of(DnsSettings.parseServer(server.address())))
                .withTimeout(Duration.ofMillis(2000)).withRetries(1));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static IprevVerdict check(String ip) throws Exception {
        return new IprevChecker(dns).checkNow(InetAddress.getByName(ip));
    }

    @Test
    void passWithTheConfirmedName() throws Exception {
        IprevVerdict v = check("192.0.2.1");
        assertThat(v.result()).isEqualTo(IprevResult.PASS);
        assertThat(v.name()).isEqualTo("mail.example.test");
        assertThat(v.toAuthResult()).isEqualTo(AuthResult.of("iprev", "pass").withReason("mail.example.test")
                .withProperty("policy", "iprev", "192.0.2.1"));
    }

    @Test
    void forwardNxdomainIsFail() throws Exception {
        IprevVerdict v = check("192.0.2.2");
        assertThat(v.result()).isEqualTo(IprevResult.FAIL);
        assertThat(v.ptrNames()).containsExactly("ghost.example.test");
    }

    @Test
    void noPtrIsPermerror() throws Exception {
        assertThat(check("192.0.2.77").result()).isEqualTo(IprevResult.PERMERROR);
        assertThat(check("192.0.2.5").result()).isEqualTo(IprevResult.PERMERROR);
    }

    @Test
    void servfailIsTemperror() throws Exception {
        assertThat(check("192.0.2.3").result()).isEqualTo(IprevResult.TEMPERROR);
        IprevVerdict v = check("192.0.2.4");
        assertThat(v.result()).isEqualTo(IprevResult.TEMPERROR);
        assertThat(v.reason()).contains("flaky.example.test");
    }

    @Test
    void atMostTenNamesAreTried() throws Exception {
        IprevVerdict v = check("192.0.2.6");
        assertThat(v.ptrNames()).hasSize(10);
        assertThat(v.result()).as(v.reason()).isEqualTo(IprevResult.FAIL);
    }

    @Test
    void ipv6UsesAaaa() throws Exception {
        IprevVerdict v = check("2001:db8::25");
        assertThat(v.result()).isEqualTo(IprevResult.PASS);
        assertThat(v.name()).isEqualTo("v6.example.test");
        assertThat(server.queryLog()).contains("PTR " + V6_PTR, "AAAA v6.example.test");
    }

    @Test
    void mapRoundTrip() throws Exception {
        for (String ip : List.of("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.77")) {
            IprevVerdict v = check(ip);
            assertThat(IprevVerdict.fromMap(v.toMap())).isEqualTo(v);
        }
    }
}
