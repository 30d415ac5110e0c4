package org.mxpack.core.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.core.dns.Dns;
import org.mxpack.core.dns.DnsSettings;
import org.mxpack.core.dns.DnsjavaResolver;
import org.mxpack.testkit.LoopbackDnsServer;

class DnsblCheckerTest {
    private static final String V6_NAME =
            "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2";
    private static LoopbackDnsServer server;
    private static Dns dns;

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackDnsServer.start();
        server.add("2.0.0.192.zen.test", "A", "127.0.0.2");
        server.add("2.0.0.192.zen.test", "TXT", "\"spam source, see https://zen.test/q?192.0.0.2\"");
        server.add("3.0.0.192.zen.test", "A", "127.255.255.254");
        server.add("4.0.0.192.zen.test", "A", "127.0.0.30");
        server.add("5.0.0.192.zen.test", "A", "10.1.2.3");
        server.add("2.0.0.192.second.test", "A", "127.0.0.3");
        server.add("2.0.0.192.wl.test", "A", "127.0.10.2");
        server.add("6.0.0.192.second.test", "A", "127.0.0.2");
        server.add(V6_NAME + ".zen.test", "A", "127.0.0.4");
        server.servfail("2.0.0.192.broken.test");
        server.servfail("7.0.0.192.broken.test");
        dns = new DnsjavaResolver(DnsSettings.of(List.of(DnsSettings.parseServer(server.address())))
                .withTimeout(Duration.ofMillis(500)).withRetries(0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static DnsblVerdict check(String ip, int threshold, String... zones) throws Exception {
        List<DnsblZone> list = new java.util.ArrayList<>();
        for (String z : zones) {
            list.add(DnsblZone.parse(z));
        }
        return new DnsblChecker(dns, list, threshold).checkNow(InetAddress.getByName(ip));
    }

    @Test
    void listedWithTxtReason() throws Exception {
        DnsblVerdict v = check("192.0.0.2", 1, "zen.test:127.0.0.2-127.0.0.11");
        assertThat(v.result()).isEqualTo(DnsblResult.LISTED);
        assertThat(v.score()).isEqualTo(1);
        assertThat(v.hits()).hasSize(1);
        assertThat(v.reason()).isEqualTo("listed on zen.test (127.0.0.2: spam source, see https://zen.test/q?192.0.0.2)");
    }

    @Test
    void nxdomainIsNotListed() throws Exception {
        DnsblVerdict v = check("192.0.0.99", 1, "zen.test");
        assertThat(v.result()).isEqualTo(DnsblResult.NOT_LISTED);
        assertThat(v.errors()).isEmpty();
        assertThat(v.reason()).isEqualTo("not listed");
    }

    @Test
    void errorAnswersAreNotListings() throws Exception {
        DnsblVerdict refused = check("192.0.0.3", 1, "zen.test");
        assertThat(refused.result()).isEqualTo(DnsblResult.NOT_LISTED);
        assertThat(refused.errors()).containsExactly(
                DnsblError.of("zen.test", DnsblError.Kind.ERROR_ANSWER, "127.255.255.254", 1));
        DnsblVerdict outside = check("192.0.0.5", 1, "zen.test");
        assertThat(outside.result()).isEqualTo(DnsblResult.NOT_LISTED);
        assertThat(outside.errors().get(0).detail()).isEqualTo("10.1.2.3");
    }

    @Test
    void codesOutsideTheAcceptedListAreIgnored() throws Exception {
        assertThat(check("192.0.0.4", 1, "zen.test:127.0.0.2-127.0.0.11").result()).isEqualTo(DnsblResult.NOT_LISTED);
        assertThat(check("192.0.0.4", 1, "zen.test").result()).isEqualTo(DnsblResult.LISTED);
    }

    @Test
    void servfailIsTemperrorOnlyWhenItCouldMatter() throws Exception {
        DnsblVerdict v = check("192.0.0.2", 1, "broken.test");
        assertThat(v.result()).isEqualTo(DnsblResult.TEMPERROR);
        assertThat(v.errors().get(0).kind()).isEqualTo(DnsblError.Kind.TEMPFAIL);
        // listed elsewhere: the failure does not matter
        assertThat(check("192.0.0.2", 1, "broken.test", "zen.test").result()).isEqualTo(DnsblResult.LISTED);
        // threshold 3: zen (1) + broken (1) cannot reach it
        assertThat(check("192.0.0.2", 3, "broken.test", "zen.test").result()).isEqualTo(DnsblResult.NOT_LISTED);
        assertThat(check("192.0.0.2", 2, "broken.test", "zen.test").result()).isEqualTo(DnsblResult.TEMPERROR);
    }

    @Test
    void weightsThresholdAndAllowList() throws Exception {
        assertThat(check("192.0.0.2", 3, "zen.test;weight=2", "second.test").result()).isEqualTo(DnsblResult.LISTED);
        assertThat(check("192.0.0.6", 3, "zen.test;weight=2", "second.test").result())
                .isEqualTo(DnsblResult.NOT_LISTED);
        DnsblVerdict allowed = check("192.0.0.2", 2, "zen.test", "second.test", "wl.test;allow;weight=-5");
        assertThat(allowed.result()).isEqualTo(DnsblResult.NOT_LISTED);
        assertThat(allowed.score()).isEqualTo(-3);
        assertThat(allowed.allowListed()).isTrue();
        assertThat(allowed.reason()).startsWith("listed on zen.test (127.0.0.2: spam source");
        assertThat(allowed.reason()).contains("; allow-listed on wl.test (127.0.10.2)");
    }

    @Test
    void ipv6UsesNibbles() throws Exception {
        assertThat(ReverseName.of(InetAddress.getByName("2001:db8::1"))).isEqualTo(V6_NAME);
        assertThat(ReverseName.ptrName(InetAddress.getByName("192.0.2.1"))).isEqualTo("1.2.0.192.in-addr.arpa");
        DnsblVerdict v = check("2001:db8::1", 1, "zen.test");
        assertThat(v.result()).isEqualTo(DnsblResult.LISTED);
        assertThat(v.hits().get(0).codes()).containsExactly("127.0.0.4");
        assertThat(server.queryLog()).contains("A " + V6_NAME + ".zen.test");
    }

    @Test
    void zonesAreQueriedInParallel() throws Exception {
        server.timeout("8.0.0.192.slow1.test").timeout("8.0.0.192.slow2.test").timeout("8.0.0.192.slow3.test");
        long t0 = System.nanoTime();
        DnsblVerdict v = check("192.0.0.8", 1, "slow1.test", "slow2.test", "slow3.test");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(v.result()).isEqualTo(DnsblResult.TEMPERROR);
        assertThat(v.errors()).hasSize(3);
        assertThat(ms).isLessThan(1400);
    }

    @Test
    void mapRoundTrip() throws Exception {
        DnsblVerdict v = check("192.0.0.2", 2, "zen.test", "broken.test", "wl.test;allow");
        Map<String, Object> m = v.toMap();
        assertThat(m.get("score")).isInstanceOf(Long.class);
        assertThat(DnsblVerdict.fromMap(m)).isEqualTo(v);
    }
}
