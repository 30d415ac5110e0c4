package org.mxpack.core.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.core.dns.DnsSettings;
import org.mxpack.core.dns.DnsjavaResolver;
import org.mxpack.testkit.LoopbackDnsServer;

/** The checker end to end over a real loopback DNS server: results, limits, identities, DNS failures. */
class SpfCheckerTest {
    private static LoopbackDnsServer server;
    private static SpfChecker checker;

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackDnsServer.start();
        server.loadZone(String.join("\n",
                "$ORIGIN example.test.",
                "pass        TXT \"v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all\"",
                "fail        TXT \"v=spf1 -all exp=why.example.test\"",
                "why         TXT \"%{i} is not one of %{d}'s senders\"",
                "soft        TXT \"v=spf1 ~all\"",
                "neutral     TXT \"v=spf1 ?all\"",
                "default     TXT \"v=spf1 ip4:198.51.100.1\"",
                "nospf       TXT \"just text\"",
                "two         TXT \"v=spf1 -all\"",
                "two         TXT \"v=spf1 +all\"",
                "broken      TXT \"v=spf1 ip4:300.1.1.1 -all\"",
                "amx         TXT \"v=spf1 a mx/30 -all\"",
                "amx         A   192.0.2.10",
                "amx         MX  10 mx1.example.test.",
                "mx1         A   198.51.100.4",
                "mx1         AAAA 2001:db8:beef::1",
                "inc         TXT \"v=spf1 include:pass.example.test include:soft.example.test -all\"",
                "incnone     TXT \"v=spf1 include:nospf.example.test -all\"",
                "inctemp     TXT \"v=spf1 include:servfail.example.test -all\"",
                "redir       TXT \"v=spf1 redirect=pass.example.test\"",
                "redirnone   TXT \"v=spf1 redirect=nospf.example.test\"",
                "limit       TXT \"v=spf1 a:a1.example.test a:a2.example.test a:a3.example.test a:a4.example.test "
                        + "a:a5.example.test a:a6.example.test a:a7.example.test a:a8.example.test a:a9.example.test "
                        + "a:a10.example.test a:a11.example.test +all\"",
                "tenth       TXT \"v=spf1 a:a1.example.test a:a2.example.test a:a3.example.test a:a4.example.test "
                        + "a:a5.example.test a:a6.example.test a:a7.example.test a:a8.example.test a:a9.example.test "
                        + "a:a10.example.test +all\"",
                "void        TXT \"v=spf1 a:v1.example.test mx:v2.example.test exists:v3.example.test +all\"",
                "voidok      TXT \"v=spf1 a:v1.example.test exists:v3.example.test +all\"",
                "ptr         TXT \"v=spf1 ptr -all\"",
                "2.2.0.192.in-addr.arpa. PTR host.ptr.example.test.",
                "host.ptr    A   192.0.2.2",
                "3.2.0.192.in-addr.arpa. PTR host.ptr.example.test.",
                "helo        TXT \"v=spf1 a -all\"",
                "helo        A   192.0.2.7",
                "macro       TXT \"v=spf1 exists:%{l}.%{o}.users.example.test -all\"",
                "postmaster.helo.example.test.users A 127.0.0.2",
                ""), "example.test.");
        for (int i = 1; i <= 11; i++) {
            server.add("a" + i + ".example.test", "A", "203.0.113." + i);
        }
        server.servfail("servfail.example.test");
        checker = new SpfChecker(new DnsjavaResolver(DnsSettings.of(List.of(DnsSettings.parseServer(server.address())))
                .withTimeout(Duration.ofMillis(300)).withRetries(0).withCacheBytes(0)))
                .withReceiver("mx.receiver.test").withDefaultExplanation("no: %{c}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static SpfVerdict mail(String ip, String from) throws Exception {
        return checker.checkMailFrom(InetAddress.getByName(ip), "helo.example.test", from).get(5, TimeUnit.SECONDS);
    }

    @Test
    void basicResults() throws Exception {
        assertThat(mail("192.0.2.1", "a@pass.example.test").result()).isEqualTo(SpfResult.PASS);
        assertThat(mail("192.0.2.1", "a@pass.example.test").mechanism()).isEqualTo("ip4:192.0.2.0/24");
        assertThat(mail("198.51.100.1", "a@pass.example.test").result()).isEqualTo(SpfResult.FAIL);
        assertThat(mail("198.51.100.1", "a@soft.example.test").result()).isEqualTo(SpfResult.SOFTFAIL);
        assertThat(mail("198.51.100.1", "a@neutral.example.test").result()).isEqualTo(SpfResult.NEUTRAL);
        SpfVerdict d = mail("192.0.2.1", "a@default.example.test");
        assertThat(d.result()).isEqualTo(SpfResult.NEUTRAL);
        assertThat(d.mechanism()).isEqualTo("default");
        assertThat(mail("192.0.2.1", "a@nospf.example.test").result()).isEqualTo(SpfResult.NONE);
    }

    @Test
    void nxdomainIsNoneAndServfailIsTemperror() throws Exception {
        SpfVerdict nx = mail("192.0.2.1", "a@nowhere.example.test");
        assertThat(nx.result()).isEqualTo(SpfResult.NONE);
        SpfVerdict sf = mail("192.0.2.1", "a@servfail.example.test");
        assertThat(sf.result()).isEqualTo(SpfResult.TEMPERROR);
        assertThat(sf.problem()).contains("servfail.example.test");
    }

    @Test
    void neverQueriesTheSpfRecordType() throws Exception {
        mail("192.0.2.1", "a@amx.example.test");
        mail("192.0.2.1", "a@inc.example.test");
        assertThat(server.queryLog()).isNotEmpty().noneMatch(q -> q.startsWith("SPF "));
    }

    @Test
    void explanations() throws Exception {
        SpfVerdict v = mail("198.51.100.1", "a@fail.example.test");
        assertThat(v.explanation()).isEqualTo("198.51.100.1 is not one of fail.example.test's senders");
        assertThat(mail("198.51.100.1", "a@pass.example.test").explanation()).isEqualTo("no: 198.51.100.1");
        assertThat(mail("198.51.100.1", "a@soft.example.test").explanation()).isEmpty();
    }

    @Test
    void recordErrorsArePermErrorsWithAProblem() throws Exception {
        SpfVerdict two = mail("192.0.2.1", "a@two.example.test");
        assertThat(two.result()).isEqualTo(SpfResult.PERMERROR);
        assertThat(two.problem()).contains("more than one SPF record");
        SpfVerdict broken = mail("192.0.2.1", "a@broken.example.test");
        assertThat(broken.result()).isEqualTo(SpfResult.PERMERROR);
        assertThat(broken.problem()).contains("ip4:300.1.1.1");
    }

    @Test
    void aAndMxWithCidr() throws Exception {
        assertThat(mail("192.0.2.10", "a@amx.example.test").mechanism()).isEqualTo("a");
        assertThat(mail("198.51.100.7", "a@amx.example.test").mechanism()).isEqualTo("mx/30");
        assertThat(mail("198.51.100.8", "a@amx.example.test").result()).isEqualTo(SpfResult.FAIL);
        assertThat(mail("2001:db8:beef::1", "a@amx.example.test").result()).isEqualTo(SpfResult.PASS);
    }

    @Test
    void ipv6AndMappedClients() throws Exception {
        assertThat(mail("2001:db8::5", "a@pass.example.test").mechanism()).isEqualTo("ip6:2001:db8::/32");
        InetAddress mapped = InetAddress.getByAddress(
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, (byte) 192, 0, 2, 1});
        SpfVerdict v = checker.checkMailFromNow(mapped, "h.example.test", "a@pass.example.test");
        assertThat(v.result()).isEqualTo(SpfResult.PASS);
        assertThat(v.clientIp()).isEqualTo("192.0.2.1");
    }

    @Test
    void includeAndRedirectMapping() throws Exception {
        assertThat(mail("192.0.2.1", "a@inc.example.test").mechanism()).isEqualTo("include:pass.example.test");
        // soft.example.test's ~all is "no match" for the includer, so its -all decides
        assertThat(mail("198.51.100.1", "a@inc.example.test").result()).isEqualTo(SpfResult.FAIL);
        assertThat(mail("192.0.2.1", "a@incnone.example.test").result()).isEqualTo(SpfResult.PERMERROR);
        assertThat(mail("192.0.2.1", "a@inctemp.example.test").result()).isEqualTo(SpfResult.TEMPERROR);
        assertThat(mail("192.0.2.1", "a@redir.example.test").result()).isEqualTo(SpfResult.PASS);
        assertThat(mail("198.51.100.1", "a@redir.example.test").result()).isEqualTo(SpfResult.FAIL);
        assertThat(mail("192.0.2.1", "a@redirnone.example.test").result()).isEqualTo(SpfResult.PERMERROR);
    }

    @Test
    void tenDnsTermsAndTwoVoidLookups() throws Exception {
        assertThat(mail("192.0.2.1", "a@tenth.example.test").result()).isEqualTo(SpfResult.PASS);
        SpfVerdict over = mail("192.0.2.1", "a@limit.example.test");
        assertThat(over.result()).isEqualTo(SpfResult.PERMERROR);
        assertThat(over.problem()).contains("more than 10");
        assertThat(mail("192.0.2.1", "a@voidok.example.test").result()).isEqualTo(SpfResult.PASS);
        SpfVerdict voids = mail("192.0.2.1", "a@void.example.test");
        assertThat(voids.result()).isEqualTo(SpfResult.PERMERROR);
        assertThat(voids.problem()).contains("void");
    }

    @Test
    void ptrNeedsAValidatedName() throws Exception {
        assertThat(mail("192.0.2.2", "a@ptr.example.test").result()).isEqualTo(SpfResult.PASS);
        assertThat(mail("192.0.2.3", "a@ptr.example.test").result()).isEqualTo(SpfResult.FAIL); // A does not match
        assertThat(mail("192.0.2.4", "a@ptr.example.test").result()).isEqualTo(SpfResult.FAIL); // no PTR
    }

    @Test
    void heloIdentityAndNullSender() throws Exception {
        SpfVerdict helo = checker.checkHelo(InetAddress.getByName("192.0.2.7"), "helo.example.test").get();
        assertThat(helo.identity()).isEqualTo(SpfIdentity.HELO);
        assertThat(helo.result()).isEqualTo(SpfResult.PASS);
        assertThat(helo.sender()).isEqualTo("postmaster@helo.example.test");
        SpfVerdict nullSender = mail("192.0.2.8", "");
        assertThat(nullSender.identity()).isEqualTo(SpfIdentity.MAILFROM);
        assertThat(nullSender.domain()).isEqualTo("helo.example.test");
        assertThat(nullSender.result()).isEqualTo(SpfResult.FAIL);
        // %{l} of the null sender is "postmaster", %{o} the HELO name
        SpfVerdict macro = checker.checkMailFromNow(InetAddress.getByName("192.0.2.9"), "helo.example.test",
                "<postmaster@macro.example.test>");
        assertThat(macro.result()).isEqualTo(SpfResult.FAIL);
        SpfVerdict literal = checker.checkHelo(InetAddress.getByName("192.0.2.7"), "[192.0.2.7]").get();
        assertThat(literal.result()).isEqualTo(SpfResult.NONE);
    }

    @Test
    void neverBlocksTheCallerWhileDnsIsPending() throws Exception {
        // The evaluation is a chain of futures: the caller gets its future back while the TXT lookup
        // is still unanswered, and the answer alone drives the evaluation to its verdict.
        java.util.concurrent.CompletableFuture<org.mxpack.core.dns.DnsAnswer> txt = new java.util.concurrent.CompletableFuture<>();
        org.mxpack.core.dns.Dns pending = (name, type) -> type == org.mxpack.core.dns.RecordType.TXT ? txt
                : java.util.concurrent.CompletableFuture.completedFuture(org.mxpack.core.dns.DnsAnswer.nxdomain(name, type));
        java.util.concurrent.CompletableFuture<SpfVerdict> f = new SpfChecker(pending)
                .checkMailFrom(InetAddress.getByName("192.0.2.1"), "h.example.test", "a@slow.example.test");
        assertThat(f).isNotDone();
        txt.complete(org.mxpack.core.dns.DnsAnswer.records("slow.example.test", org.mxpack.core.dns.RecordType.TXT,
                List.of("v=spf1 ip4:192.0.2.0/24 -all")));
        assertThat(f.get(1, TimeUnit.SECONDS).result()).isEqualTo(SpfResult.PASS);
    }

    @Test
    void missingAddressIsAVerdictNotAnException() throws Exception {
        SpfVerdict v = checker.checkMailFrom(null, "h.example.test", "a@pass.example.test").get();
        assertThat(v.result()).isEqualTo(SpfResult.PERMERROR);
    }
}
