package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mxpack.testkit.JamesProcess;
import org.mxpack.testkit.LoopbackDnsServer;
import org.mxpack.testkit.ScannerStub;
import org.mxpack.testkit.SmtpClient;
import org.mxpack.testkit.SmtpReply;
import org.mxpack.testkit.SmtpSink;
import org.mxpack.testkit.ThreadDump;

/**
 * The fault matrix of the operator guide ("Faults and what mxpack answers"), end to end through a real
 * James 3.8.1 with the pack from the zip: one test per row, one James per area (DNS, rspamd, next hop).
 * Every row asserts the SMTP reply (a temporary fault never gives a 5xx), where the mail went (refused
 * during SMTP so the client keeps it, delivered, queued for a retry, or bounced only for a real 5xx of the
 * next hop), and that no thread is left blocked: the next ordinary mail is answered at once, and a thread
 * dump of James ({@code jcmd PID Thread.print}) shows no thread still in mxpack's code or in an SMTP
 * exchange with a next hop beyond what was there at rest before the fault.
 */
class FaultMatrixTest {
    /** Code a thread may be left waiting in after a fault: mxpack's, or JavaMail talking to a next hop. */
    static final String[] WATCHED = {"org.mxpack.", "com.sun.mail.smtp."};
    /** Cached lookups only: an ordinary mail after a fault takes milliseconds, never a budget. */
    static final Duration PROMPT = Duration.ofMillis(2500);

    static String message(String from, String to, String subject) {
        return "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject
                + "\r\nDate: Tue, 14 Nov 2023 22:13:20 +0000\r\nMessage-ID: <" + Math.abs(subject.hashCode())
                + "@fault.test>\r\n\r\nHello,\r\nthis is " + subject + ".\r\n";
    }

    /** One client session: EHLO, then a whole transaction; the reply of the first refused step or of DATA. */
    static final class Attempt {
        final SmtpReply reply;
        final String transcript;
        final Duration took;

        Attempt(SmtpReply reply, String transcript, Duration took) {
            this.reply = reply;
            this.transcript = transcript;
            this.took = took;
        }

        boolean sentData() {
            return transcript.contains("C: DATA");
        }
    }

    static Attempt attempt(JamesProcess james, String helo, String sender, String rcpt, String message)
            throws IOException {
        long start = System.nanoTime();
        try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
            assertThat(c.ehlo(helo).code()).as(c.transcript()).isEqualTo(250);
            SmtpReply r = c.send(sender, List.of(rcpt), message);
            c.quit();
            return new Attempt(r, c.transcript(), Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** A temporary refusal with that code and enhanced code; the client was never told 250 for the data. */
    static void assertTemporary(Attempt a, int code, String enhanced) {
        assertThat(a.reply.code()).as(a.transcript).isEqualTo(code);
        assertThat(a.reply.enhanced()).as(a.transcript).isEqualTo(enhanced);
    }

    static SmtpSink.Received awaitMessage(SmtpSink sink, Predicate<SmtpSink.Received> which, JamesProcess james)
            throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            for (SmtpSink.Received m : sink.messages()) {
                if (which.test(m)) {
                    return m;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("nothing arrived at " + sink.address() + "\n" + james.logTail(60));
    }

    static Predicate<SmtpSink.Received> subject(String s) {
        return m -> s.equals(m.header("Subject"));
    }

    /** What is in watched code while James is at rest (normally nothing), the baseline after a fault. */
    static Set<String> atRest(JamesProcess james) throws Exception {
        return ThreadDump.awaitAtRest(james.pid(), Set.of(), Duration.ofSeconds(10), WATCHED);
    }

    static void assertNoThreadLeftBlocked(JamesProcess james, Set<String> atRest) throws Exception {
        Set<String> left = ThreadDump.awaitAtRest(james.pid(), atRest, Duration.ofSeconds(10), WATCHED);
        assertThat(left).as("threads still in mxpack or SMTP client code 10 s after the fault").isEmpty();
    }

    // ---------------------------------------------------------------------------------------------

    /** DNS faults: the MAIL FROM stage's SPF lookup meets them (shipped onDnsFailure=tempfail). */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Dns {
        static final String GOOD = "alice@pass.example.test";
        static final String RCPT = "bob@example.test";
        final Duration budget = Duration.ofSeconds(3);
        PackRun run;
        LoopbackDnsServer dns;
        JamesProcess james;
        Set<String> rest;

        @BeforeAll
        void start() throws Exception {
            run = PackRun.start(String.join("\n",
                    "pass      TXT \"v=spf1 ip4:127.0.0.0/8 -all\"",
                    "servfail  TXT \"v=spf1 ip4:127.0.0.0/8 -all\"",
                    "slow      TXT \"v=spf1 ip4:127.0.0.0/8 -all\"",
                    "trunc     TXT \"v=spf1 ip4:127.0.0.0/8 -all\"",
                    "garbage   TXT \"v=spf1 ip4:127.0.0.0/8 -all\"",
                    "down      TXT \"v=spf1 ip4:127.0.0.0/8 -all\"",
                    "mail.good A 127.0.0.1",
                    ""), b -> b
                    // the stage budget, not the per-query timeout, ends a lookup that is answered late
                    .confEdit("mxpack.xml", "<timeout>1s</timeout>", "<timeout>5s</timeout>")
                    .confEdit("mxpack.xml", "<stageBudget>[^<]*</stageBudget>",
                            "<stageBudget>" + budget.getSeconds() + "s</stageBudget>"));
            dns = run.dns();
            james = run.james();
            ordinaryMail("warm-up");
            rest = atRest(james);
        }

        @AfterAll
        void stop() {
            if (run != null) {
                run.close();
            }
        }

        @AfterEach
        void healthy() throws Exception {
            dns.clearFaults();
            dns.up();
            dns.acceptTcp();
        }

        /** After the fault: an ordinary mail is answered at once and delivered; no thread is left waiting. */
        void ordinaryMail(String subject) throws Exception {
            Attempt a = attempt(james, "mail.good.example.test", GOOD, RCPT, message(GOOD, RCPT, subject));
            assertThat(a.reply.code()).as(a.transcript + "\n" + james.logTail(40)).isEqualTo(250);
            assertThat(a.took).as("ordinary mail after the fault").isLessThan(PROMPT);
            awaitMessage(run.sink(), subject(subject), james);
        }

        /** The faulty sender's mail is refused at MAIL FROM with 451 4.7.24: DATA is never sent, the client keeps it. */
        void refusedAtMail(String sender, Duration atMost) throws Exception {
            refusedAtMail(attempt(james, "mail.good.example.test", sender, RCPT, message(sender, RCPT, "fault " + sender)),
                    atMost);
        }

        void refusedAtMail(Attempt a, Duration atMost) {
            assertTemporary(a, 451, "4.7.24");
            assertThat(a.reply.toString()).contains("SPF: temporary DNS error looking up");
            assertThat(a.sentData()).as("no DATA after a refused MAIL FROM").isFalse();
            assertThat(a.took).as("the stage ends within its budget").isLessThan(atMost);
        }

        void recovered(String subject) throws Exception {
            ordinaryMail(subject);
            assertNoThreadLeftBlocked(james, rest);
            assertThat(run.sink().messages()).noneMatch(m -> String.valueOf(m.header("Subject")).startsWith("fault "));
        }

        @Test
        void dnsServerDown() throws Exception {
            dns.down(); // UDP: ICMP port unreachable; TCP: refused
            refusedAtMail("x@down.example.test", budget);
            dns.up();
            recovered("after dns down");
        }

        @Test
        void dnsSlowPastTheBudget() throws Exception {
            dns.slowZone("slow.example.test", budget.plusSeconds(1)); // within the 5 s query timeout
            String sender = "x@slow.example.test";
            java.util.concurrent.CompletableFuture<Attempt> waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return attempt(james, "mail.good.example.test", sender, RCPT, message(sender, RCPT, "fault slow"));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // the control that shows the thread check can see a waiting command: MAIL FROM is in mxpack's code now
            Set<String> inMxpack = Set.of();
            while (inMxpack.isEmpty() && !waiting.isDone()) {
                inMxpack = ThreadDump.of(james.pid()).threadsIn("org.mxpack.");
            }
            assertThat(inMxpack).as("a thread waits in mxpack's code during the stage").isNotEmpty();
            refusedAtMail(waiting.get(), budget.plusSeconds(1));
            recovered("after slow dns");
        }

        @Test
        void dnsServfail() throws Exception {
            dns.servfail("servfail.example.test");
            refusedAtMail("x@servfail.example.test", budget);
            recovered("after servfail");
        }

        @Test
        void truncatedUdpWithTcpRefused() throws Exception {
            dns.truncateZone("trunc.example.test");
            dns.refuseTcp();
            refusedAtMail("x@trunc.example.test", budget);
            dns.acceptTcp();
            // the same truncated answer is fetched over TCP once TCP is back: the sender passes
            Attempt a = attempt(james, "mail.good.example.test", "y@trunc.example.test", RCPT,
                    message("y@trunc.example.test", RCPT, "trunc over tcp"));
            assertThat(a.reply.code()).as(a.transcript).isEqualTo(250);
            recovered("after truncation");
        }

        @Test
        void garbageAnswers() throws Exception {
            dns.garbageZone("garbage.example.test");
            int before = dns.queryCount();
            refusedAtMail("x@garbage.example.test", budget.plusSeconds(1));
            assertThat(dns.queryCount()).as("garbage was sent").isGreaterThan(before);
            recovered("after garbage");
        }
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * rspamd faults at end of DATA, with the shipped {@code <onFailure>accept</onFailure>}: the mail is
     * accepted and delivered without spam headers, its decision records why (shown here by a header the
     * test pipeline adds from {@code HasVerdict=spam:RESULT}).
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Rspamd {
        static final String GOOD = "alice@pass.example.test";
        static final String RCPT = "bob@example.test";
        final Duration timeout = Duration.ofSeconds(2);
        ScannerStub scanner;
        PackRun run;
        JamesProcess james;
        Set<String> rest;

        @BeforeAll
        void start() throws Exception {
            scanner = ScannerStub.start();
            String[] verdictHeaders = List.of("unavailable", "timeout", "error").stream()
                    .map(r -> "<mailet match=\"org.mxpack.mailet.HasVerdict=spam:" + r + "\" class=\"SetMimeHeader\">"
                            + "<name>X-Test-Spam</name><value>" + r + "</value></mailet>")
                    .toArray(String[]::new);
            run = PackRun.start(String.join("\n",
                    "pass      TXT \"v=spf1 ip4:127.0.0.0/8 -all\"",
                    "mail.good A 127.0.0.1",
                    ""), b -> b
                    .confFile("mailetcontainer.xml", Pack.sinkPipeline(verdictHeaders))
                    .confEdit("smtpserver.xml", "<!-- <url>http://127.0.0.1:11333</url> -->",
                            "<url>" + scanner.uri() + "</url>")
                    .confEdit("smtpserver.xml", "<timeout>10s</timeout>", "<timeout>" + timeout.getSeconds() + "s</timeout>"));
            james = run.james();
            Attempt warm = send("warm-up");
            assertThat(warm.reply.code()).as(warm.transcript).isEqualTo(250);
            assertThat(awaitMessage(run.sink(), subject("warm-up"), james).header("X-Spam-Status"))
                    .as("a clean scan writes X-Spam-Status").startsWith("No, score=");
            rest = atRest(james);
        }

        @AfterAll
        void stop() {
            if (run != null) {
                run.close();
            }
            if (scanner != null) {
                scanner.close();
            }
        }

        @AfterEach
        void healthy() throws Exception {
            scanner.mode(ScannerStub.Mode.CLEAN);
            scanner.up();
        }

        Attempt send(String subject) throws IOException {
            return attempt(james, "mail.good.example.test", GOOD, RCPT, message(GOOD, RCPT, subject));
        }

        /** Accepted with 250, delivered without spam headers, the failure recorded; then all is well again. */
        void acceptedUnscanned(String subject, String result, Duration atMost) throws Exception {
            Attempt a = send(subject);
            assertThat(a.reply.code()).as(a.transcript + "\n" + james.logTail(30)).isEqualTo(250);
            assertThat(a.took).as("end of DATA waits at most the scanner's timeout").isLessThan(atMost);
            SmtpSink.Received m = awaitMessage(run.sink(), subject(subject), james);
            assertThat(m.header("X-Spam-Status")).as("no verdict, no spam headers").isNull();
            assertThat(m.header("X-Test-Spam")).as("decision spam: " + result).isEqualTo(result);
            healthy();
            String after = "after " + subject;
            Attempt next = send(after);
            assertThat(next.reply.code()).as(next.transcript).isEqualTo(250);
            assertThat(next.took).isLessThan(PROMPT);
            assertThat(awaitMessage(run.sink(), subject(after), james).header("X-Spam-Status")).startsWith("No, score=");
            assertNoThreadLeftBlocked(james, rest);
        }

        @Test
        void rspamdDown() throws Exception {
            scanner.down();
            acceptedUnscanned("rspamd down", "unavailable", PROMPT);
        }

        @Test
        void rspamdSlowPastItsTimeout() throws Exception {
            scanner.mode(ScannerStub.Mode.SLOW);
            int before = scanner.scans();
            acceptedUnscanned("rspamd slow", "timeout", timeout.plus(PROMPT));
            assertThat(scanner.scans()).isGreaterThan(before);
        }

        @Test
        void rspamdAnswersGarbage() throws Exception {
            scanner.mode(ScannerStub.Mode.GARBAGE);
            acceptedUnscanned("rspamd garbage", "error", PROMPT);
        }

        @Test
        void rspamdAnswersHttp500() throws Exception {
            scanner.mode(ScannerStub.Mode.HTTP_500);
            acceptedUnscanned("rspamd 500", "error", PROMPT);
        }
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * Next-hop faults after the 250, through the SHIPPED mailetcontainer.xml (relay domains of mxpack.xml
     * delivered by NextHopDelivery; retry delays shortened, bounces leave through the "world" sink).
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class NextHop {
        static final String SENDER = "alice@sender.test";
        SmtpSink world;
        SmtpSink refusing;
        SmtpSink soft;
        SmtpSink hard;
        SmtpSink tlsFails;
        SmtpSink noTls;
        LoopbackDnsServer dns;
        JamesProcess james;
        Set<String> rest;

        @BeforeAll
        void start() throws Exception {
            dns = LoopbackDnsServer.start();
            dns.loadZone(String.join("\n",
                    "$ORIGIN test.",
                    "sender          IN TXT \"v=spf1 ip4:127.0.0.1 -all\"",
                    "mail.sender     IN A   127.0.0.1",
                    ""), "test.");
            world = SmtpSink.start();
            refusing = SmtpSink.start();
            soft = SmtpSink.start();
            hard = SmtpSink.start();
            tlsFails = SmtpSink.start().failStartTls(true);
            noTls = SmtpSink.start();
            james = Pack.james()
                    .dns(dns.address())
                    .confEdit("mxpack.xml", "<!-- <relay>[^<]*</relay> -->",
                            "<relay>refused.test " + refusing.address() + "</relay>"
                            + "<relay>soft.test " + soft.address() + "</relay>"
                            + "<relay>hard.test " + hard.address() + "</relay>"
                            + "<relay>tlsfail.test " + tlsFails.address() + "</relay>"
                            + "<relay>secure.test " + noTls.address() + " tls=required</relay>")
                    .confEdit("mailetcontainer.xml", "<outgoing>outgoing</outgoing>",
                            "<outgoing>outgoing</outgoing><gateway>127.0.0.1</gateway><gatewayPort>"
                            + world.port() + "</gatewayPort>")
                    .confEdit("mailetcontainer.xml", "<delayTime>5000, 100000, 500000</delayTime>",
                            "<delayTime>2000, 2000, 2000</delayTime>")
                    .start();
            Attempt warm = send("someone@hard.test", "warm-up");
            assertThat(warm.reply.code()).as(warm.transcript).isEqualTo(250);
            awaitMessage(hard, subject("warm-up"), james);
            rest = atRest(james);
        }

        @AfterAll
        void stop() {
            if (james != null) {
                james.close();
            }
            for (SmtpSink s : new SmtpSink[] {world, refusing, soft, hard, tlsFails, noTls}) {
                if (s != null) {
                    s.close();
                }
            }
            if (dns != null) {
                dns.close();
            }
        }

        Attempt send(String rcpt, String subject) throws IOException {
            return attempt(james, "mail.sender.test", SENDER, rcpt, message(SENDER, rcpt, subject));
        }

        /** The mail was accepted: after the 250 the next hop's problem is James's, never the client's. */
        void accepted(Attempt a) {
            assertThat(a.reply.code()).as(a.transcript + "\n" + james.logTail(30)).isEqualTo(250);
            assertThat(a.took).isLessThan(PROMPT);
        }

        /**
         * Waits for James's log line about this hop. (Not WebAdmin's {@code /mailQueues/NAME/mails}: in
         * James 3.8.1 that request closes the queue, and a memory queue then delivers nothing more.)
         */
        void awaitLog(String text) throws Exception {
            assertThat(james.awaitLog(text, Duration.ofSeconds(20))).as(text + "\n" + james.logTail(40)).isTrue();
        }

        /** James logged one successful delivery of that message to the hop. */
        void deliveredOnce(String messageId) {
            long sent = james.log().lines()
                    .filter(l -> l.contains("sent successfully") && l.contains(messageId)).count();
            assertThat(sent).as(james.logTail(40)).isEqualTo(1);
        }

        /** How many times the hop was sent this command. */
        long count(SmtpSink hop, String verb) {
            return hop.commands().stream().filter(verb::equals).count();
        }

        void awaitCount(SmtpSink hop, String verb, long atLeast) throws Exception {
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (count(hop, verb) < atLeast && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertThat(count(hop, verb)).as(hop.commands() + "\n" + james.logTail(40)).isGreaterThanOrEqualTo(atLeast);
        }

        List<SmtpSink.Received> bouncesFor(String rcpt) {
            return world.messages().stream()
                    .filter(m -> m.recipients.contains(SENDER) && m.data.contains("Final-Recipient: rfc822; " + rcpt))
                    .collect(Collectors.toList());
        }

        @Test
        void nextHopRefusesTheConnection() throws Exception {
            refusing.refuseConnections();
            accepted(send("x@refused.test", "hop refused"));
            // the first attempt fails; the mail stays in the hop's queue and the retry delivers it
            awaitLog("Couldn't connect to host, port: 127.0.0.1, " + refusing.port());
            refusing.acceptConnections();
            SmtpSink.Received m = awaitMessage(refusing, subject("hop refused"), james);
            assertThat(m.recipients).containsExactly("x@refused.test");
            deliveredOnce(m.header("Message-ID"));
            assertThat(bouncesFor("x@refused.test")).isEmpty();
            assertNoThreadLeftBlocked(james, rest);
        }

        @Test
        void nextHopAnswers4xx() throws Exception {
            soft.replyNext("RCPT", "451 4.3.0 Temporary local problem, try later");
            accepted(send("x@soft.test", "hop 4xx"));
            // retried after the 4xx, delivered once
            SmtpSink.Received m = awaitMessage(soft, subject("hop 4xx"), james);
            assertThat(m.recipients).containsExactly("x@soft.test");
            assertThat(count(soft, "RCPT")).as(soft.commands().toString()).isEqualTo(2);
            deliveredOnce(m.header("Message-ID"));
            assertThat(bouncesFor("x@soft.test")).isEmpty();
            assertNoThreadLeftBlocked(james, rest);
        }

        @Test
        void nextHopAnswers5xx() throws Exception {
            hard.replyNext("RCPT", "550 5.1.1 <x@hard.test>: no such user");
            accepted(send("x@hard.test", "hop 5xx"));
            // a real 5xx of the next hop: bounced to the sender at once (no retry), with the hop's reply
            SmtpSink.Received dsn = awaitMessage(world, m -> m.recipients.contains(SENDER)
                    && m.data.contains("Final-Recipient: rfc822; x@hard.test"), james);
            assertThat(dsn.mailFrom).isEmpty();
            assertThat(dsn.data).contains("550 5.1.1");
            assertThat(count(hard, "RCPT")).as(hard.commands().toString()).isEqualTo(2); // warm-up + this one
            assertNoThreadLeftBlocked(james, rest);
        }

        @Test
        void nextHopTlsHandshakeFails() throws Exception {
            accepted(send("x@tlsfail.test", "hop tls fails"));
            awaitCount(tlsFails, "STARTTLS", 1);
            awaitLog("Could not convert socket to TLS");
            // nothing went over the broken connection; the retry delivers once the hop's TLS is fixed
            // (here: it stops offering STARTTLS, and a tls=optional hop is sent in clear)
            assertThat(count(tlsFails, "MAIL")).as(tlsFails.commands().toString()).isZero();
            tlsFails.failStartTls(false);
            SmtpSink.Received m = awaitMessage(tlsFails, subject("hop tls fails"), james);
            assertThat(m.recipients).containsExactly("x@tlsfail.test");
            deliveredOnce(m.header("Message-ID"));
            assertThat(bouncesFor("x@tlsfail.test")).isEmpty();
            assertNoThreadLeftBlocked(james, rest);
        }

        @Test
        void tlsRequiredHopWithoutStartTls() throws Exception {
            accepted(send("x@secure.test", "hop tls required"));
            // every attempt ends after EHLO, never sent in clear; after the last retry the sender gets a bounce
            SmtpSink.Received dsn = awaitMessage(world, m -> m.recipients.contains(SENDER)
                    && m.data.contains("Final-Recipient: rfc822; x@secure.test"), james);
            assertThat(dsn.data).contains("Too many retries"); // given up after the retries, not refused at once
            // the first attempt and one retry per <delayTime> entry (3), each ending after EHLO
            assertThat(count(noTls, "EHLO")).as(noTls.commands().toString()).isEqualTo(4);
            assertThat(count(noTls, "MAIL")).as(noTls.commands().toString()).isZero();
            assertNoThreadLeftBlocked(james, rest);
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** A list file that cannot be read at start: James does not start, so nothing is accepted or lost. */
    @Nested
    class ListFile {
        @Test
        void listFileUnreadableAtStart() throws Exception {
            // mode 000 does not stop root; a folder where the list file should be cannot be read by anyone
            Path layer = Files.createTempDirectory("mxpack-unreadable-");
            Files.createDirectories(layer.resolve("mxpack/unreadable-list.txt"));
            Throwable thrown = catchThrowable(() -> Pack.james()
                    .confLayer(layer)
                    .confEdit("smtpserver.xml", "<blockFile>conf/mxpack/helo-blocklist.txt</blockFile>",
                            "<blockFile>conf/mxpack/unreadable-list.txt</blockFile>")
                    .startTimeout(Duration.ofSeconds(60))
                    .start()
                    .close());
            assertThat(thrown).isInstanceOf(IOException.class);
            // the JVM exited (no listener, no thread anywhere), naming the element and the file
            assertThat(thrown.getMessage()).startsWith("James exited during start-up")
                    .contains("<blockFile>conf/mxpack/unreadable-list.txt</blockFile>");
        }
    }
}
