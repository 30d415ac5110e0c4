package org.mxpack.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.testkit.LoopbackDnsServer;

class DnsjavaResolverTest {
    private static LoopbackDnsServer server;
    private static Dns dns;

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackDnsServer.start();
        server.loadZone(String.join("\n",
                "$ORIGIN example.test.",
                "@        IN A     192.0.2.1",
                "@        IN MX    10 mx.example.test.",
                "@        IN TXT   \"v=spf1 \" \"-all\"",
                "mx       IN AAAA  2001:db8::25",
                "alias    IN CNAME mx",
                "loop1    IN CNAME loop2",
                "loop2    IN CNAME loop1",
                "a.b.c    IN A     192.0.2.3",
                "*.wild   IN TXT   \"wildcard\"",
                "nullmx   IN MX    0 .",
                ""), "example.test.");
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            big.append("big IN TXT \"record number ").append(i).append(" padding padding padding\"\n");
        }
        server.loadZone(big.toString(), "example.test.");
        server.servfail("broken.example.test").timeout("slow.example.test").soaLessZone("nosoa.example.test");
        dns = new DnsjavaResolver(DnsSettings.of(List.of(DnsSettings.parseServer(server.address())))
                .withTimeout(Duration.ofMillis(300)).withRetries(0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void recordsOfEachType() {
        assertThat(dns.resolve("example.test", RecordType.A).records()).containsExactly("192.0.2.1");
        assertThat(dns.resolve("EXAMPLE.test.", RecordType.MX).records()).containsExactly("10 mx.example.test");
        assertThat(dns.resolve("example.test", RecordType.TXT).records()).containsExactly("v=spf1 -all");
        assertThat(dns.resolve("mx.example.test", RecordType.AAAA).records()).containsExactly("2001:db8:0:0:0:0:0:25");
        assertThat(dns.resolve("nullmx.example.test", RecordType.MX).records()).containsExactly("0 .");
    }

    @Test
    void nxdomainNodataAndEmptyNonTerminalAreKeptApart() {
        assertThat(dns.resolve("nothing.example.test", RecordType.A).status()).isEqualTo(DnsStatus.NXDOMAIN);
        assertThat(dns.resolve("mx.example.test", RecordType.A).status()).isEqualTo(DnsStatus.NODATA);
        assertThat(dns.resolve("b.c.example.test", RecordType.A).status()).isEqualTo(DnsStatus.NODATA);
    }

    @Test
    void temporaryFailures() {
        assertThat(dns.resolve("broken.example.test", RecordType.TXT).status()).isEqualTo(DnsStatus.TEMPFAIL);
        DnsAnswer slow = dns.resolve("slow.example.test", RecordType.TXT);
        assertThat(slow.status()).isEqualTo(DnsStatus.TEMPFAIL);
        assertThat(slow.detail()).isEqualTo("timeout");
    }

    @Test
    void cnamesAreFollowedAndLoopsAreTemporary() {
        assertThat(dns.resolve("alias.example.test", RecordType.AAAA).records()).hasSize(1);
        assertThat(dns.resolve("loop1.example.test", RecordType.A).status()).isEqualTo(DnsStatus.TEMPFAIL);
    }

    @Test
    void wildcards() {
        assertThat(dns.resolve("x.wild.example.test", RecordType.TXT).records()).containsExactly("wildcard");
    }

    @Test
    void truncatedUdpAnswerIsRetriedOverTcp() {
        assertThat(dns.resolve("big.example.test", RecordType.TXT).records()).hasSize(40);
    }

    @Test
    void answersAreCached() {
        dns.resolve("example.test", RecordType.A);
        int before = server.queryCount();
        dns.resolve("example.test", RecordType.A);
        assertThat(server.queryCount()).isEqualTo(before);
    }

    @Test
    void negativeAnswersWithAnSoaAreCachedForItsTtl() {
        assertThat(dns.resolve("gone.example.test", RecordType.TXT).status()).isEqualTo(DnsStatus.NXDOMAIN);
        int before = server.queryCount();
        assertThat(dns.resolve("gone.example.test", RecordType.TXT).status()).isEqualTo(DnsStatus.NXDOMAIN);
        assertThat(server.queryCount()).isEqualTo(before);
    }

    @Test
    void negativeAnswersWithoutAnSoaAreKeptOnlyAsLongAsConfigured() {
        assertThat(dns.resolve("x.nosoa.example.test", RecordType.A).status()).isEqualTo(DnsStatus.NXDOMAIN);
        int before = server.queryCount();
        assertThat(dns.resolve("x.nosoa.example.test", RecordType.A).status()).isEqualTo(DnsStatus.NXDOMAIN);
        assertThat(server.queryCount()).as("kept for the default 5 s").isEqualTo(before);

        Dns never = new DnsjavaResolver(DnsSettings.of(List.of(DnsSettings.parseServer(server.address())))
                .withTimeout(Duration.ofMillis(300)).withRetries(0).withNegativeTtlWithoutSoa(Duration.ZERO));
        assertThat(never.resolve("y.nosoa.example.test", RecordType.A).status()).isEqualTo(DnsStatus.NXDOMAIN);
        before = server.queryCount();
        assertThat(never.resolve("y.nosoa.example.test", RecordType.A).status()).isEqualTo(DnsStatus.NXDOMAIN);
        assertThat(server.queryCount()).as("0s: asked again").isEqualTo(before + 1);
    }
}
