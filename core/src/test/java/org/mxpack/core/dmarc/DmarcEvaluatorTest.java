package org.mxpack.core.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.core.dns.Dns;
import org.mxpack.core.dns.DnsSettings;
import org.mxpack.core.dns.DnsjavaResolver;
import org.mxpack.testkit.LoopbackDnsServer;

class DmarcEvaluatorTest {
    private static LoopbackDnsServer server;
    private static Dns dns;

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackDnsServer.start();
        server.loadZone(String.join("\n",
                "$ORIGIN example.test.",
                "_dmarc           IN TXT \"v=DMARC1; p=reject; sp=quarantine; pct=50\"",
                "_dmarc.strict    IN TXT \"v=DMARC1; p=reject; adkim=s; aspf=s\"",
                "_dmarc.none      IN TXT \"v=spf1 -all\"",
                "_dmarc.two       IN TXT \"v=DMARC1; p=reject\"",
                "_dmarc.two       IN TXT \"v=DMARC1; p=none\"",
                "_dmarc.nopolicy  IN TXT \"v=DMARC1; adkim=s\"",
                ""), "example.test.");
        server.servfail("_dmarc.broken.test");
        server.add("_dmarc.sub.flaky.test", "TXT", "\"unrelated\"");
        server.servfail("_dmarc.flaky.test");
        dns = new DnsjavaResolver(DnsSettings.of(List.of(DnsSettings.parseServer(server.address())))
                .withTimeout(Duration.ofMillis(2000)).withRetries(1));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static DmarcEvaluator evaluator(boolean sampled) {
        return new DmarcEvaluator(dns, OrganizationalDomains.guava(), pct -> sampled);
    }

    @Test
    void relaxedAlignmentThroughTheOrganizationalRecord() {
        DmarcVerdict v = evaluator(true).evaluateNow("User <u@mail.example.test>",
                List.of(AuthenticatedDomain.pass("bounce.example.test")), List.of());
        assertThat(v.result()).isEqualTo(DmarcResult.PASS);
        assertThat(v.alignment()).isEqualTo(DmarcAlignment.SPF);
        assertThat(v.policy()).isEqualTo(DmarcPolicy.QUARANTINE);
        assertThat(v.policyDomain()).isEqualTo("example.test");
        assertThat(v.headerFrom()).isEqualTo("mail.example.test");
    }

    @Test
    void onlyPassingIdentifiersAlign() {
        DmarcVerdict v = evaluator(true).evaluateNow("example.test",
                List.of(AuthenticatedDomain.ofKeyword("example.test", "softfail")),
                List.of(AuthenticatedDomain.of("example.test", false), AuthenticatedDomain.pass("other.test")));
        assertThat(v.result()).isEqualTo(DmarcResult.FAIL);
        assertThat(v.policy()).isEqualTo(DmarcPolicy.REJECT);
        assertThat(v.disposition()).isEqualTo(DmarcPolicy.REJECT);
    }

    @Test
    void pctSamplerIsInjected() {
        DmarcVerdict v = evaluator(false).evaluateNow("example.test", List.of(), List.of());
        assertThat(v.disposition()).isEqualTo(DmarcPolicy.QUARANTINE);
    }

    @Test
    void strictAlignmentNeedsTheExactDomain() {
        DmarcEvaluator e = evaluator(true);
        assertThat(e.evaluateNow("strict.example.test", List.of(AuthenticatedDomain.pass("example.test")),
                List.of(AuthenticatedDomain.pass("x.strict.example.test"))).result()).isEqualTo(DmarcResult.FAIL);
        DmarcVerdict v = e.evaluateNow("strict.example.test", List.of(),
                List.of(AuthenticatedDomain.pass("Strict.Example.Test.")));
        assertThat(v.result()).isEqualTo(DmarcResult.PASS);
        assertThat(v.alignment()).isEqualTo(DmarcAlignment.DKIM);
    }

    @Test
    void nxdomainAndNonDmarcTxtGiveNone() {
        assertThat(evaluator(true).evaluateNow("nothing.test", List.of(), List.of()).result())
                .isEqualTo(DmarcResult.NONE);
        // _dmarc.none.example.test holds only an SPF record: falls back to the org record
        assertThat(evaluator(true).evaluateNow("none.example.test", List.of(), List.of()).policyDomain())
                .isEqualTo("example.test");
    }

    @Test
    void severalRecordsOrNoPolicyGiveNoneWithoutFallback() {
        DmarcVerdict two = evaluator(true).evaluateNow("two.example.test", List.of(), List.of());
        assertThat(two.result()).isEqualTo(DmarcResult.NONE);
        assertThat(two.reason()).contains("several");
        assertThat(evaluator(true).evaluateNow("nopolicy.example.test", List.of(), List.of()).result())
                .isEqualTo(DmarcResult.NONE);
    }

    @Test
    void servfailIsTemperrorAtEitherName() {
        DmarcVerdict v = evaluator(true).evaluateNow("broken.test", List.of(), List.of());
        assertThat(v.result()).isEqualTo(DmarcResult.TEMPERROR);
        assertThat(v.policy()).isEqualTo(DmarcPolicy.NONE);
        assertThat(evaluator(true).evaluateNow("sub.flaky.test", List.of(), List.of()).result())
                .isEqualTo(DmarcResult.TEMPERROR);
    }

    @Test
    void malformedAuthorDomainIsPermerror() {
        assertThat(evaluator(true).evaluateNow("user@", List.of(), List.of()).result())
                .isEqualTo(DmarcResult.PERMERROR);
        assertThat(evaluator(true).evaluateNow("bad..domain.test", List.of(), List.of()).result())
                .isEqualTo(DmarcResult.PERMERROR);
        assertThat(evaluator(true).evaluateNow(null, null, null).result()).isEqualTo(DmarcResult.PERMERROR);
    }
}
