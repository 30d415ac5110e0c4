package org.mxpack.core.spam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.mxpack.testkit.Ports;

/** Scanner down, slow or talking nonsense: always a verdict, never an exception or a hang. */
class RspamdClientFailureTest {
    private static final byte[] MESSAGE = "Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

    private static SpamVerdict check(URI uri, Duration budget, SpamRequest request) throws Exception {
        return new RspamdClient(uri, budget, Optional.empty()).check(request).get(10, TimeUnit.SECONDS);
    }

    private static SpamVerdict check(URI uri) throws Exception {
        return check(uri, Duration.ofSeconds(2), SpamRequest.builder(MESSAGE).build());
    }

    @Test
    void closedPortIsUnavailable() throws Exception {
        SpamVerdict v = check(URI.create("http://127.0.0.1:" + Ports.free()));
        assertEquals(ScannerStatus.UNAVAILABLE, v.status());
        assertEquals(SpamAction.NO_ACTION, v.action());
        assertFalse(v.isScanned());
        assertTrue(v.reason().contains("cannot connect"), v.reason());
        assertTrue(v.headers().isEmpty());
    }

    @Test
    void slowScannerIsTimeoutWithinBudget() throws Exception {
        try (StubHttpServer stub = new StubHttpServer(StubHttpServer.json("{\"action\":\"no action\"}"), 3_000)) {
            RspamdClient client = new RspamdClient(stub.uri(), Duration.ofMillis(300), Optional.empty());
            long start = System.nanoTime();
            CompletableFuture<SpamVerdict> pending = client.check(SpamRequest.builder(MESSAGE).build());
            assertFalse(pending.isDone(), "the caller must not wait for rspamd");
            SpamVerdict v = pending.get(10, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(ScannerStatus.TIMEOUT, v.status(), v.reason());
            assertTrue(v.reason().contains("300 ms"), v.reason());
            assertTrue(millis < 2_000, "took " + millis + " ms");
        }
    }

    @Test
    void bodyTricklingPastTheBudgetIsTimeout() throws Exception {
        String reply = StubHttpServer.json("{\"action\":\"no action\"}");
        try (StubHttpServer stub = StubHttpServer.trickle(reply, reply.indexOf("\r\n\r\n") + 5, 3_000)) {
            long start = System.nanoTime();
            SpamVerdict v = check(stub.uri(), Duration.ofMillis(300), SpamRequest.builder(MESSAGE).build());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(ScannerStatus.TIMEOUT, v.status(), v.reason());
            assertTrue(millis < 2_000, "took " + millis + " ms");
        }
    }

    @Test
    void garbageIsError() throws Exception {
        try (StubHttpServer stub = new StubHttpServer("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nnot json!", 0)) {
            SpamVerdict v = check(stub.uri());
            assertEquals(ScannerStatus.ERROR, v.status());
            assertTrue(v.reason().startsWith("reply is not JSON"), v.reason());
        }
    }

    @Test
    void nonHttpIsError() throws Exception {
        try (StubHttpServer stub = new StubHttpServer("220 smtp.example ESMTP ready\r\n", 0)) {
            SpamVerdict v = check(stub.uri());
            assertEquals(ScannerStatus.ERROR, v.status());
            assertTrue(v.reason().startsWith("malformed HTTP reply"), v.reason());
        }
    }

    @Test
    void emptyReplyIsError() throws Exception {
        try (StubHttpServer stub = new StubHttpServer("", 0)) {
            SpamVerdict v = check(stub.uri());
            assertEquals(ScannerStatus.ERROR, v.status());
            assertTrue(v.reason().startsWith("exchange with 127.0.0.1:" + stub.uri().getPort() + " failed"), v.reason());
        }
    }

    @Test
    void httpErrorCarriesRspamdsMessage() throws Exception {
        String body = "{\"error\":\"Message is empty\"}";
        try (StubHttpServer stub = new StubHttpServer("HTTP/1.1 400 Bad Request\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body, 0)) {
            SpamVerdict v = check(stub.uri());
            assertEquals(ScannerStatus.ERROR, v.status());
            assertEquals("HTTP 400 from rspamd: Message is empty", v.reason());
        }
    }

    @Test
    void serverErrorIsError() throws Exception {
        String body = "{\"error\":\"worker crashed\"}";
        try (StubHttpServer stub = new StubHttpServer("HTTP/1.1 500 Internal Server Error\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body, 0)) {
            SpamVerdict v = check(stub.uri());
            assertEquals(ScannerStatus.ERROR, v.status());
            assertEquals("HTTP 500 from rspamd: worker crashed", v.reason());
        }
    }

    @Test
    void oversizedReplyIsErrorNotMemory() throws Exception {
        byte[] big = new byte[RspamdClient.MAX_REPLY + 100_000];
        Arrays.fill(big, (byte) 'x');
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Length: " + big.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] reply = new byte[head.length + big.length];
        System.arraycopy(head, 0, reply, 0, head.length);
        System.arraycopy(big, 0, reply, head.length, big.length);
        try (StubHttpServer stub = new StubHttpServer(reply, 0)) {
            SpamVerdict v = check(stub.uri(), Duration.ofSeconds(5), SpamRequest.builder(MESSAGE).build());
            assertEquals(ScannerStatus.ERROR, v.status());
            assertTrue(v.reason().contains("exceeds"), v.reason());
        }
    }

    @Test
    void oversizedReplyWithoutLengthIsCutOff() throws Exception {
        byte[] head = "HTTP/1.0 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] reply = Arrays.copyOf(head, head.length + RspamdClient.MAX_REPLY + 100_000);
        Arrays.fill(reply, head.length, reply.length, (byte) 'x');
        try (StubHttpServer stub = new StubHttpServer(reply, 0)) {
            SpamVerdict v = check(stub.uri(), Duration.ofSeconds(5), SpamRequest.builder(MESSAGE).build());
            assertEquals(ScannerStatus.ERROR, v.status());
            assertTrue(v.reason().contains("exceeds " + RspamdClient.MAX_REPLY + " bytes"), v.reason());
        }
    }

    @Test
    void replyWithoutContentLengthRunsToEof() throws Exception {
        try (StubHttpServer stub = new StubHttpServer("HTTP/1.0 200 OK\r\n\r\n{\"action\":\"reject\",\"score\":20.5,"
                + "\"required_score\":15}", 0)) {
            SpamVerdict v = check(stub.uri());
            assertEquals(ScannerStatus.OK, v.status(), v.reason());
            assertEquals(SpamAction.REJECT, v.action());
            assertEquals(20.5, v.score());
        }
    }

    @Test
    void requestCarriesEnvelopeHeadersAndNoInjection() throws Exception {
        try (StubHttpServer stub = new StubHttpServer(StubHttpServer.json("{\"action\":\"no action\"}"), 0)) {
            SpamRequest r = SpamRequest.builder(MESSAGE).ip("192.0.2.1").helo("evil\r\nX-Injected: yes")
                    .mailFrom("").recipients(List.of("a@example.org", "b@example.org")).queueId("Q1")
                    .user("bob").settingsId("inbound").passAll(true).build();
            SpamVerdict v = new RspamdClient(URI.create(stub.uri() + "/rspamd/"), Duration.ofSeconds(2),
                    Optional.of("s3cret")).check(r).get(10, TimeUnit.SECONDS);
            assertEquals(ScannerStatus.OK, v.status(), v.reason());
            String req = stub.requests().get(0);
            List<String> lines = Arrays.asList(req.split("\r\n"));
            assertEquals("POST /rspamd/checkv2 HTTP/1.1", lines.get(0));
            // streamed from the message source, in chunks: never copied whole into memory first
            assertTrue(lines.stream().anyMatch(l -> l.equalsIgnoreCase("Transfer-Encoding: chunked")), req);
            assertTrue(req.endsWith("\r\n\r\n" + new String(MESSAGE, java.nio.charset.StandardCharsets.ISO_8859_1)), req);
            assertTrue(lines.contains("IP: 192.0.2.1"), req);
            assertTrue(lines.contains("Helo: evilX-Injected: yes"), req);
            assertTrue(lines.contains("From: <>"), req);
            assertEquals(List.of("Rcpt: <a@example.org>", "Rcpt: <b@example.org>"),
                    lines.stream().filter(l -> l.startsWith("Rcpt:")).collect(Collectors.toList()));
            assertTrue(lines.contains("Queue-Id: Q1") && lines.contains("User: bob") && lines.contains("Pass: all")
                    && lines.contains("Settings-ID: inbound") && lines.contains("Password: s3cret"), req);
            assertFalse(lines.stream().anyMatch(l -> l.startsWith("Hostname:")), req);
            assertTrue(req.endsWith("\r\n\r\nSubject: hi\r\n\r\nbody\r\n"), req);
        }
    }

    @Test
    void nonAsciiValuesTravelInTheQuery() throws Exception {
        try (StubHttpServer stub = new StubHttpServer(StubHttpServer.json("{\"action\":\"no action\"}"), 0)) {
            SpamRequest r = SpamRequest.builder(MESSAGE).helo("mx.example.org").mailFrom("jörg@exämple.org")
                    .recipients(List.of("a@example.org", "bé@example.org", "<ça@example.org>")).build();
            SpamVerdict v = check(stub.uri(), Duration.ofSeconds(2), r);
            assertEquals(ScannerStatus.OK, v.status(), v.reason());
            List<String> lines = Arrays.asList(stub.requests().get(0).split("\r\n"));
            assertEquals("POST /checkv2?From=%3Cj%C3%B6rg%40ex%C3%A4mple.org%3E"
                    + "&Rcpt=%3Cb%C3%A9%40example.org%3E%2C%3C%C3%A7a%40example.org%3E HTTP/1.1", lines.get(0));
            assertTrue(lines.contains("Helo: mx.example.org") && lines.contains("Rcpt: <a@example.org>"), lines::toString);
            assertFalse(lines.stream().anyMatch(l -> l.startsWith("From:")), lines::toString);
        }
    }

    /** Java 11.0.0 to 11.0.13 refuse a From header (JDK-8213189); the sender then goes in the query. */
    @Test
    void senderInTheQueryWhereTheJdkRefusesFrom() throws Exception {
        try (StubHttpServer stub = new StubHttpServer(StubHttpServer.json("{\"action\":\"no action\"}"), 0)) {
            SpamRequest r = SpamRequest.builder(MESSAGE).mailFrom("").recipient("a@example.org").build();
            SpamVerdict v = new RspamdClient(stub.uri(), Duration.ofSeconds(2), Optional.empty(), false)
                    .check(r).get(10, TimeUnit.SECONDS);
            assertEquals(ScannerStatus.OK, v.status(), v.reason());
            List<String> lines = Arrays.asList(stub.requests().get(0).split("\r\n"));
            assertEquals("POST /checkv2?From=%3C%3E HTTP/1.1", lines.get(0));
            assertFalse(lines.stream().anyMatch(l -> l.startsWith("From:")), lines::toString);
        }
    }

    /** Tests run on Java 17, where From is allowed; this pins which path the other tests cover. */
    @Test
    void thisJdkAllowsFromHeader() {
        assertTrue(CheckRequest.FROM_HEADER_ALLOWED);
    }

    @Test
    void badConfigurationFailsAtConstruction() {
        assertThrows(IllegalArgumentException.class,
                () -> new RspamdClient(URI.create("https://127.0.0.1:11333"), Duration.ofSeconds(1), Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new RspamdClient(URI.create("http://127.0.0.1:11333"), Duration.ZERO, Optional.empty()));
        assertEquals(URI.create("http://127.0.0.1:11333/checkv2"),
                new RspamdClient(URI.create("http://127.0.0.1"), Duration.ofSeconds(1), Optional.empty()).checkUri());
        assertEquals(URI.create("http://[::1]:11333/checkv2"),
                new RspamdClient(URI.create("http://[::1]"), Duration.ofSeconds(1), Optional.empty()).checkUri());
    }
}
