package org.mxpack.core.spam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.testkit.RspamdDaemon;

/** The client against a real rspamd on loopback; the test rules force each action by a Subject token. */
class RspamdClientTest {
    private static RspamdDaemon rspamd;
    private static RspamdClient client;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(RspamdDaemon.available(), "rspamd is not installed");
        rspamd = RspamdDaemon.start();
        client = new RspamdClient(rspamd.uri(), Duration.ofSeconds(10), Optional.empty());
    }

    @AfterAll
    static void stop() {
        if (rspamd != null) {
            rspamd.close();
        }
    }

    static byte[] message(String subject, String body) {
        return ("From: Alice <alice@example.com>\r\n"
                + "To: bob@example.org\r\n"
                + "Subject: " + subject + "\r\n"
                + "Message-ID: <" + Math.abs(subject.hashCode()) + "@example.com>\r\n"
                + "Date: Sat, 28 Nov 2026 10:00:00 +0000\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static SpamRequest.Builder request(String subject) {
        return SpamRequest.builder(message(subject, "Hello Bob, see you tomorrow."))
                .ip("192.0.2.7").helo("mx.example.com").hostname("mx.example.com")
                .mailFrom("alice@example.com").recipient("bob@example.org").queueId("Q" + Math.abs(subject.hashCode()));
    }

    private static SpamVerdict check(SpamRequest r) throws Exception {
        SpamVerdict v = client.check(r).get(15, TimeUnit.SECONDS);
        assertEquals(ScannerStatus.OK, v.status(), () -> v.reason() + "\n" + rspamd.logTail(30));
        return v;
    }

    @Test
    void cleanMessageIsNoAction() throws Exception {
        SpamVerdict v = check(request("lunch tomorrow").build());
        assertEquals(SpamAction.NO_ACTION, v.action());
        assertEquals(0.0, v.score());
        assertEquals(15.0, v.requiredScore());
        assertTrue(v.symbols().isEmpty(), v.symbols()::toString);
        assertTrue(v.headerEdits().isEmpty());
        assertEquals(List.of("X-Spam-Status: No, score=0.00 required=15.00 tests=NONE"), render(v.headers()));
    }

    @Test
    void rejectToken() throws Exception {
        SpamVerdict v = check(request("buy now " + RspamdDaemon.REJECT).build());
        assertEquals(SpamAction.REJECT, v.action());
        assertEquals(100.0, v.score());
        assertEquals(100.0, v.symbol("MXPACK_TEST_REJECT").orElseThrow().score());
        assertTrue(v.smtpMessage().isEmpty());
    }

    @Test
    void softRejectTokenCarriesSmtpMessage() throws Exception {
        SpamVerdict v = check(request("later " + RspamdDaemon.SOFT_REJECT).build());
        assertEquals(SpamAction.SOFT_REJECT, v.action());
        assertEquals(0.5, v.score());
        assertEquals(Optional.of("MXPACK test says try again later"), v.smtpMessage());
    }

    @Test
    void greylistToken() throws Exception {
        SpamVerdict v = check(request("maybe " + RspamdDaemon.GREYLIST).build());
        assertEquals(SpamAction.GREYLIST, v.action());
        assertEquals(4.5, v.score());
        assertEquals(List.of("X-Spam-Status: No, score=4.50 required=15.00 tests=MXPACK_TEST_GREYLIST"), render(v.headers()));
    }

    @Test
    void rewriteSubjectToken() throws Exception {
        SpamVerdict v = check(request("offer " + RspamdDaemon.REWRITE_SUBJECT).build());
        assertEquals(SpamAction.REWRITE_SUBJECT, v.action());
        assertEquals(10.0, v.score());
        assertEquals(Optional.of("[SPAM] offer " + RspamdDaemon.REWRITE_SUBJECT), v.subject());
        assertTrue(render(v.headers()).contains("X-Spam-Flag: YES"));
    }

    @Test
    void addHeaderTokenWithMilterHeaderEdits() throws Exception {
        SpamVerdict v = check(request("promo " + RspamdDaemon.ADD_HEADER).build());
        assertEquals(SpamAction.ADD_HEADER, v.action());
        assertEquals(7.0, v.score());
        assertEquals(List.of("tok1", "tok2"), v.symbol("MXPACK_TEST_HEADER").orElseThrow().options());
        List<HeaderEdit> adds = v.headerEdits().stream().filter(e -> e.kind() == HeaderEdit.Kind.ADD)
                .collect(Collectors.toList());
        assertTrue(adds.contains(HeaderEdit.add("X-MXPACK-Test", "header-action", 0)), adds::toString);
        assertTrue(adds.contains(HeaderEdit.add("X-MXPACK-Ordered", "first", 1)), adds::toString);
        assertTrue(adds.contains(HeaderEdit.add("X-MXPACK-Multi", "one", 0)), adds::toString);
        assertTrue(adds.contains(HeaderEdit.add("X-MXPACK-Multi", "two", 0)), adds::toString);
        assertEquals(4, adds.size());
        assertEquals(List.of(HeaderEdit.remove("X-Remove-Me", 0), HeaderEdit.remove("X-Remove-Second", 2)),
                v.headerRemovals().stream().sorted((a, b) -> a.name().compareTo(b.name())).collect(Collectors.toList()));
        List<String> headers = render(v.headers());
        assertTrue(headers.contains("X-MXPACK-Test: header-action"), headers::toString);
        assertTrue(headers.contains("X-Spam-Status: Yes, score=7.00 required=15.00 tests=MXPACK_TEST_HEADER"), headers::toString);
        assertTrue(headers.contains("X-Spam-Flag: YES"), headers::toString);
        assertEquals(6, headers.size(), headers::toString);
    }

    @Test
    void everyEnvelopeFieldReachesRspamd() throws Exception {
        SpamRequest r = SpamRequest.builder(message("env " + RspamdDaemon.ENVELOPE, "body"))
                .ip("2001:db8::25").helo("helo.example.net").hostname("rdns.example.net")
                .mailFrom("<sender@example.net>")
                .recipients(List.of("one@example.org", "<two@example.org>", "three@example.com"))
                .queueId("QENV42").user("alice").build();
        SpamVerdict v = check(r);
        List<String> echo = v.symbol("MXPACK_TEST_ENVELOPE").orElseThrow().options();
        assertEquals(List.of("from=sender@example.net", "rcpt=one@example.org", "rcpt=two@example.org",
                "rcpt=three@example.com", "helo=helo.example.net", "hostname=rdns.example.net", "ip=2001:db8::25",
                "user=alice", "qid=QENV42"), echo);
        // rspamd's own task log line names them too
        assertTrue(rspamd.awaitLog("qid: <QENV42>", Duration.ofSeconds(5)), () -> rspamd.logTail(20));
        String line = rspamd.log().lines().filter(l -> l.contains("qid: <QENV42>")).findFirst().orElseThrow();
        assertTrue(line.contains("ip: 2001:db8::25") && line.contains("user: alice")
                && line.contains("from: <sender@example.net>"), line);
    }

    @Test
    void utf8EnvelopeReachesRspamdIntact() throws Exception {
        SpamRequest r = SpamRequest.builder(message("utf8 " + RspamdDaemon.ENVELOPE, "body"))
                .ip("192.0.2.8").helo("mx.exämple.net").mailFrom("jörg@exämple.net")
                .recipients(List.of("one@example.org", "bé@example.org")).user("jörg").queueId("QUTF8").build();
        List<String> echo = check(r).symbol("MXPACK_TEST_ENVELOPE").orElseThrow().options();
        assertTrue(echo.contains("rcpt=one@example.org"), echo::toString);
        assertTrue(rspamd.awaitLog("qid: <QUTF8>", Duration.ofSeconds(5)), () -> rspamd.logTail(20));
        String log = rspamd.log();
        // symbol options in the reply show non-ASCII as '?'; rspamd's own log line keeps the UTF-8
        String line = log.lines().filter(l -> l.contains("qid: <QUTF8>")).findFirst().orElseThrow();
        assertTrue(line.contains("helo=mx.exämple.net;") && line.contains("user: jörg"), line);
        // rspamd 3.4's SMTP address parser refuses non-ASCII addresses ("bad from header"); they reach it intact
        assertTrue(echo.contains("from=jörg@exämple.net") || log.contains("bad from header: '<jörg@exämple.net>'"),
                () -> echo + "\n" + rspamd.logTail(20));
        assertTrue(echo.contains("rcpt=bé@example.org") || log.contains("bad rcpt address: '<bé@example.org>'"),
                () -> echo + "\n" + rspamd.logTail(20));
    }

    /** What Java 11.0.0 to 11.0.13 send (From refused as a header): rspamd takes the sender from the query. */
    @Test
    void senderInTheQueryReachesRspamd() throws Exception {
        RspamdClient queryOnly = new RspamdClient(rspamd.uri(), Duration.ofSeconds(10), Optional.empty(), false);
        SpamRequest r = request("query " + RspamdDaemon.ENVELOPE).mailFrom("sender@example.net").build();
        SpamVerdict v = queryOnly.check(r).get(15, TimeUnit.SECONDS);
        assertEquals(ScannerStatus.OK, v.status(), v::reason);
        assertEquals("from=sender@example.net", v.symbol("MXPACK_TEST_ENVELOPE").orElseThrow().options().get(0));
        SpamVerdict bounce = queryOnly.check(request("query bounce " + RspamdDaemon.ENVELOPE).mailFrom("<>").build())
                .get(15, TimeUnit.SECONDS);
        assertEquals("from=", bounce.symbol("MXPACK_TEST_ENVELOPE").orElseThrow().options().get(0));
    }

    @Test
    void nullSenderAndNoOptionalFields() throws Exception {
        SpamRequest r = SpamRequest.builder(message("bounce " + RspamdDaemon.ENVELOPE, "undeliverable"))
                .mailFrom("<>").recipient("postmaster@example.org").build();
        SpamVerdict v = check(r);
        List<String> echo = v.symbol("MXPACK_TEST_ENVELOPE").orElseThrow().options();
        assertEquals("from=", echo.get(0));
        assertEquals("rcpt=postmaster@example.org", echo.get(1));
        assertTrue(echo.contains("user="), echo::toString);
    }

    @Test
    void largeMessageAndParallelChecks() throws Exception {
        StringBuilder body = new StringBuilder();
        while (body.length() < 2_000_000) {
            body.append("The quick brown fox jumps over the lazy dog, again and again.\r\n");
        }
        SpamVerdict big = check(SpamRequest.builder(message("big " + RspamdDaemon.REJECT, body.toString()))
                .mailFrom("a@example.com").recipient("b@example.org").build());
        assertEquals(SpamAction.REJECT, big.action());

        List<CompletableFuture<SpamVerdict>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String subject = i % 2 == 0 ? "n" + i + " " + RspamdDaemon.GREYLIST : "n" + i;
            futures.add(client.check(request(subject).build()));
        }
        for (int i = 0; i < 20; i++) {
            SpamVerdict v = futures.get(i).get(20, TimeUnit.SECONDS);
            assertEquals(ScannerStatus.OK, v.status(), v::reason);
            assertEquals(i % 2 == 0 ? SpamAction.GREYLIST : SpamAction.NO_ACTION, v.action());
        }
    }

    @Test
    void realVerdictSurvivesMapRoundTrip() throws Exception {
        SpamVerdict v = check(request("promo " + RspamdDaemon.ADD_HEADER).build());
        Map<String, Object> map = v.toMap();
        assertEquals(v, SpamVerdict.fromMap(map));
        assertEquals("add header", map.get("action"));
        assertEquals("7.0", map.get("score"));
    }

    @Test
    void settingsIdAndPassAllAreAccepted() throws Exception {
        // rspamd ignores an unknown settings id (logs it); the scan still succeeds
        SpamVerdict v = check(request("hello " + RspamdDaemon.REJECT).settingsId("mxpack-none").passAll(true).build());
        assertEquals(SpamAction.REJECT, v.action());
        assertFalse(v.symbols().isEmpty());
    }

    static List<String> render(List<HeaderEdit> headers) {
        return headers.stream().map(h -> h.name() + ": " + h.value()).collect(Collectors.toList());
    }
}
