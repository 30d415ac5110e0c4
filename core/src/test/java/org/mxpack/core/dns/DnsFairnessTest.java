package org.mxpack.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.testkit.LoopbackDnsServer;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * What keeps one slow or hostile zone from costing everyone: shared queries, in-flight bounds, the
 * session view, deadlines, a byte-bounded cache, and answers taken only when they answer our question.
 */
class DnsFairnessTest {
    private static LoopbackDnsServer server;

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackDnsServer.start();
        server.loadZone(String.join("\n",
                "$ORIGIN example.test.",
                "@        IN A     192.0.2.1",
                "zero  0  IN TXT   \"ttl zero\"",
                ""), "example.test.");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void normal() {
        server.clearFaults();
    }

    private static DnsjavaResolver resolver(DnsSettings settings) {
        return new DnsjavaResolver(settings);
    }

    private static DnsSettings settings() {
        return DnsSettings.of(List.of(DnsSettings.parseServer(server.address())))
                .withTimeout(Duration.ofSeconds(2)).withRetries(0).withCacheBytes(0);
    }

    @Test
    void concurrentLookupsOfOneQuestionShareOneQuery() throws Exception {
        server.delay(Duration.ofMillis(200));
        DnsjavaResolver dns = resolver(settings());
        int before = server.queryCount();
        List<CompletableFuture<DnsAnswer>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(dns.lookup("example.test", RecordType.A));
        }
        for (CompletableFuture<DnsAnswer> f : all) {
            assertThat(f.get(5, TimeUnit.SECONDS).records()).containsExactly("192.0.2.1");
        }
        assertThat(server.queryCount() - before).isEqualTo(1);
        assertThat(dns.inFlight()).isZero();
    }

    @Test
    void aSilentDomainGetsOnlyItsShareOfQueriesInFlight() throws Exception {
        server.silentZone("silent.test");
        DnsjavaResolver dns = resolver(settings().withMaxInFlightPerDomain(3));
        List<CompletableFuture<DnsAnswer>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(dns.lookup("a" + i + ".silent.test", RecordType.TXT));
        }
        DnsAnswer fourth = dns.lookup("a3.deeper.silent.test", RecordType.TXT).getNow(null);
        assertThat(fourth).isNotNull();
        assertThat(fourth.status()).isEqualTo(DnsStatus.TEMPFAIL);
        assertThat(fourth.detail()).isEqualTo("too many lookups in flight under silent.test");
        // another domain is not affected
        assertThat(dns.lookup("example.test", RecordType.A).get(5, TimeUnit.SECONDS).records())
                .containsExactly("192.0.2.1");
        for (CompletableFuture<DnsAnswer> f : waiting) {
            assertThat(f.get(5, TimeUnit.SECONDS).status()).isEqualTo(DnsStatus.TEMPFAIL);
        }
        // the slots come back when the silent lookups time out
        assertThat(dns.lookup("a4.silent.test", RecordType.TXT).getNow(null)).isNull();
    }

    @Test
    void registeredDomainBuckets() {
        assertThat(InFlightLimit.registeredDomain("a.b.Slow.Example")).isEqualTo("slow.example");
        assertThat(InFlightLimit.registeredDomain("example")).isEqualTo("example");
        assertThat(InFlightLimit.registeredDomain("7.2.0.192.in-addr.arpa")).isEqualTo("2.0.192.in-addr.arpa");
    }

    @Test
    void inFlightLimitCountsPerKeyAndForgetsIdleKeys() {
        InFlightLimit limit = new InFlightLimit(2);
        assertThat(limit.tryAcquire("a")).isTrue();
        assertThat(limit.tryAcquire("a")).isTrue();
        assertThat(limit.tryAcquire("a")).isFalse();
        assertThat(limit.tryAcquire("b")).isTrue();
        limit.release("a");
        assertThat(limit.tryAcquire("a")).isTrue();
        limit.release("a");
        limit.release("a");
        limit.release("b");
        assertThat(limit.inFlight("a")).isZero();
        assertThat(limit.inFlight("b")).isZero();
    }

    @Test
    void sessionViewKeepsAnswersEvenWithTtlZeroButNotTemporaryFailures() throws Exception {
        SessionDns session = new SessionDns(resolver(settings()), new InFlightLimit(10), "192.0.2.9");
        int before = server.queryCount();
        session.prefetch("zero.example.test", RecordType.TXT);
        assertThat(session.lookup("zero.example.test", RecordType.TXT).get(5, TimeUnit.SECONDS).records())
                .containsExactly("ttl zero");
        assertThat(session.lookup("ZERO.example.test", RecordType.TXT).get(5, TimeUnit.SECONDS).records())
                .containsExactly("ttl zero");
        assertThat(server.queryCount() - before).isEqualTo(1);

        server.servfail("bad.example.test");
        assertThat(session.lookup("bad.example.test", RecordType.TXT).get(5, TimeUnit.SECONDS).isTempFail()).isTrue();
        server.clearFaults();
        server.add("bad.example.test", "TXT", "\"fixed\"");
        assertThat(session.lookup("bad.example.test", RecordType.TXT).get(5, TimeUnit.SECONDS).records())
                .containsExactly("fixed");
    }

    @Test
    void oneClientGetsOnlyItsShareOfLookupsInFlight() throws Exception {
        server.silentZone("silent.test");
        InFlightLimit perClient = new InFlightLimit(2);
        Dns shared = resolver(settings());
        SessionDns first = new SessionDns(shared, perClient, "192.0.2.9");
        SessionDns second = new SessionDns(shared, perClient, "192.0.2.9");
        SessionDns other = new SessionDns(shared, perClient, "198.51.100.1");
        first.lookup("a.silent.test", RecordType.TXT);
        second.lookup("b.silent.test", RecordType.TXT);
        DnsAnswer third = first.lookup("c.silent.test", RecordType.TXT).getNow(null);
        assertThat(third.detail()).isEqualTo("too many lookups in flight for client 192.0.2.9");
        assertThat(other.lookup("example.test", RecordType.A).get(5, TimeUnit.SECONDS).records())
                .containsExactly("192.0.2.1");
    }

    @Test
    void deadlineViewGivesUpAtItsDeadlineWithoutDisturbingTheQuery() throws Exception {
        server.delay(Duration.ofMillis(500));
        Dns dns = resolver(settings());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        DeadlineDns view = new DeadlineDns(dns, deadline, "the test budget");
        DnsAnswer late = view.lookup("example.test", RecordType.A).get(5, TimeUnit.SECONDS);
        assertThat(late.status()).isEqualTo(DnsStatus.TEMPFAIL);
        assertThat(late.detail()).isEqualTo("no answer within the test budget");
        // the shared query itself still completes for whoever else waits for it
        assertThat(dns.lookup("example.test", RecordType.A).get(5, TimeUnit.SECONDS).records())
                .containsExactly("192.0.2.1");
        DnsAnswer after = view.lookup("example.test", RecordType.A).getNow(null);
        assertThat(after.status()).isEqualTo(DnsStatus.TEMPFAIL);
    }

    @Test
    void cacheIsBoundedByBytesNotEntries() {
        DnsCache cache = new DnsCache(64 * 1024, Duration.ofHours(1));
        String huge = "x".repeat(60_000);
        cache.put("huge.example", RecordType.TXT, DnsAnswer.records("huge.example", RecordType.TXT, List.of(huge)), 300);
        assertThat(cache.get("huge.example", RecordType.TXT)).isNull(); // 120 KB of chars: more than the whole cache
        for (int i = 0; i < 50; i++) {
            cache.put("n" + i + ".example", RecordType.A,
                    DnsAnswer.records("n" + i + ".example", RecordType.A, List.of("192.0.2." + i)), 300);
        }
        assertThat(cache.size()).isEqualTo(50);
        assertThat(cache.get("n7.example", RecordType.A).records()).containsExactly("192.0.2.7");
    }

    @Test
    void negativeAnswersAreCachedForTheSoaMinimum() throws Exception {
        Dns dns = resolver(settings().withCacheBytes(1 << 20));
        dns.lookup("missing.example.test", RecordType.TXT).get(5, TimeUnit.SECONDS);
        int before = server.queryCount();
        assertThat(dns.lookup("missing.example.test", RecordType.TXT).get(5, TimeUnit.SECONDS).status())
                .isEqualTo(DnsStatus.NXDOMAIN);
        assertThat(server.queryCount()).isEqualTo(before);
    }

    @Test
    void onlyAnAnswerToOurQuestionFromOurServerIsTaken() throws Exception {
        // A hostile server first sends garbage, an answer with another ID and one for another
        // question: each is ignored, and the real answer that follows is taken.
        try (DatagramSocket fake = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            Thread t = new Thread(() -> {
                try {
                    byte[] buf = new byte[4096];
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    fake.receive(p);
                    Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                    send(fake, p, new byte[] {1, 2, 3, 4, 5});
                    send(fake, p, answer(q.getHeader().getID() ^ 1, q.getQuestion().getName(), "wrong id"));
                    send(fake, p, answer(q.getHeader().getID(), Name.fromString("other.example."), "wrong question"));
                    send(fake, p, answer(q.getHeader().getID(), q.getQuestion().getName(), "right"));
                } catch (Exception e) {
                    // the test fails on the missing answer
                }
            });
            t.start();
            Dns dns = resolver(DnsSettings.of(List.of(new InetSocketAddress("127.0.0.1", fake.getLocalPort())))
                    .withTimeout(Duration.ofSeconds(3)).withRetries(0).withCacheBytes(0));
            assertThat(dns.lookup("q.example", RecordType.TXT).get(5, TimeUnit.SECONDS).records())
                    .containsExactly("right");
            t.join(5000);
        }
    }

    private static void send(DatagramSocket socket, DatagramPacket to, byte[] wire) throws Exception {
        socket.send(new DatagramPacket(wire, wire.length, to.getSocketAddress()));
    }

    private static byte[] answer(int id, Name name, String text) throws Exception {
        Message m = new Message(id);
        m.getHeader().setFlag(Flags.QR);
        m.addRecord(Record.newRecord(name, Type.TXT, DClass.IN), Section.QUESTION);
        m.addRecord(new TXTRecord(name, DClass.IN, 60, text), Section.ANSWER);
        return m.toWire();
    }
}
