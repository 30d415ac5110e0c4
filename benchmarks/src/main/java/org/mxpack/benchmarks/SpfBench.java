package org.mxpack.benchmarks;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.mxpack.core.dns.DnsSettings;
import org.mxpack.core.dns.DnsjavaResolver;
import org.mxpack.core.spf.SpfChecker;
import org.mxpack.core.spf.SpfResult;
import org.mxpack.core.spf.SpfVerdict;
import org.mxpack.testkit.LoopbackDnsServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * SPF evaluation with a warm resolver cache: the real dnsjava adapter over a real loopback DNS
 * server, every answer cached after the first round, so this measures the evaluator (parsing,
 * macro expansion, include/redirect, address matching) plus cache hits — the steady state of a
 * busy MX that sees the same sender domains again and again.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SpfBench {
    /** simple: one ip4 mechanism; nested: include + a + mx + redirect, the usual big-provider shape. */
    @Param({"simple", "nested"})
    public String record;

    private LoopbackDnsServer server;
    private SpfChecker checker;
    private InetAddress client;
    private String sender;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        server = LoopbackDnsServer.start();
        server.loadZone(String.join("\n",
                "$ORIGIN bench.test.",
                "$TTL 3600",
                "simple        IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"",
                "nested        IN TXT \"v=spf1 a mx include:_spf.provider.bench.test redirect=_fallback.bench.test\"",
                "nested        IN A   198.51.100.1",
                "nested        IN MX  10 mx.nested.bench.test.",
                "mx.nested     IN A   198.51.100.2",
                "_spf.provider IN TXT \"v=spf1 ip4:203.0.113.0/24 ip6:2001:db8::/32 include:_spf2.provider.bench.test ~all\"",
                "_spf2.provider IN TXT \"v=spf1 ip4:192.0.2.0/25 -all\"",
                "_fallback     IN TXT \"v=spf1 -all\"",
                ""), "bench.test.");
        DnsjavaResolver dns = new DnsjavaResolver(DnsSettings.of(List.of(DnsSettings.parseServer(server.address())))
                .withTimeout(Duration.ofSeconds(2)));
        checker = new SpfChecker(dns).withReceiver("mx.bench.test");
        client = InetAddress.getByName("192.0.2.10");
        sender = "user@" + record + ".bench.test";
        SpfVerdict first = checker.checkMailFromNow(client, "mail." + record + ".bench.test", sender);
        if (first.result() != SpfResult.PASS) {
            throw new IllegalStateException("benchmark record does not pass: " + first);
        }
    }

    @Benchmark
    public SpfVerdict evaluateCached() {
        return checker.checkMailFromNow(client, "mail." + record + ".bench.test", sender);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.close();
    }
}
