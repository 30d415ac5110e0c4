package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.testkit.JamesProcess;
import org.mxpack.testkit.LoopbackDnsServer;
import org.mxpack.testkit.SmtpClient;
import org.mxpack.testkit.SmtpReply;

/**
 * Slow and silent DNS through a real James 3.8.1 with the shipped configuration: a zone that never
 * answers costs only its own sessions, a stage ends at its budget, and answers that arrive 50 ms late
 * change no reply.
 */
class SlowDnsTest {
    private static final Duration BUDGET = Duration.ofSeconds(3);
    private static final String MESSAGE = "From: alice@pass.example.test\r\nTo: bob@example.test\r\n"
            + "Subject: slow dns\r\n\r\nbody\r\n";

    private static PackRun run;
    private static LoopbackDnsServer dns;
    private static JamesProcess james;

    @BeforeAll
    static void start() throws Exception {
        run = PackRun.start(String.join("\n",
                "pass      TXT \"v=spf1 ip4:127.0.0.0/8 -all\"",
                "fail      TXT \"v=spf1 -all\"",
                "chain     TXT \"v=spf1 include:inc1.example.test -all\"",
                "inc1      TXT \"v=spf1 include:inc2.example.test -all\"",
                "inc2      TXT \"v=spf1 ip4:127.0.0.0/8 -all\"",
                "nullmx    MX  0 .",
                "_dmarc.fail TXT \"v=DMARC1; p=reject\"",
                "mail.good A 127.0.0.1",
                ""), b -> Pack.spfFailAtMailFrom(b)
                // the budget, not the DNS timeout, must be what ends a silent lookup
                .confEdit("mxpack.xml", "<timeout>1s</timeout>", "<timeout>" + (BUDGET.getSeconds() + 5) + "s</timeout>")
                .confEdit("mxpack.xml", "<stageBudget>[^<]*</stageBudget>", "<stageBudget>" + BUDGET.getSeconds() + "s</stageBudget>")
                // every message pays its DNS round trips, as from a cold resolver
                .confEdit("mxpack.xml", "<cacheSize>[^<]*</cacheSize>", "<cacheSize>0</cacheSize>"));
        dns = run.dns();
        dns.servfail("servfail.example.test");
        james = run.james();
    }

    @AfterAll
    static void stop() {
        if (run != null) {
            run.close();
        }
    }

    @AfterEach
    void normalDns() {
        dns.clearFaults();
        dns.servfail("servfail.example.test");
    }

    @Test
    void aSilentZoneFloodDoesNotDelayOtherClientsMail() throws Exception {
        dns.silentZone("silent.test");
        int flood = 60;
        ExecutorService pool = Executors.newFixedThreadPool(flood);
        CountDownLatch waiting = new CountDownLatch(flood);
        List<Future<SmtpReply>> replies = new ArrayList<>();
        try {
            for (int i = 0; i < flood; i++) {
                String sender = "x@d" + i + ".silent.test";
                replies.add(pool.submit(() -> {
                    try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
                        c.ehlo("flood.example");
                        waiting.countDown();
                        return c.mailFrom(sender);
                    }
                }));
            }
            assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();
            // every flood session has sent MAIL FROM and waits for a zone that never answers
            long start = System.nanoTime();
            SmtpReply legit;
            try (SmtpClient c = SmtpClient.connectFrom("127.0.0.2", james.smtpPort())) {
                assertThat(c.ehlo("mail.good.example.test").code()).isEqualTo(250);
                legit = c.send("alice@pass.example.test", List.of("bob@example.test"), MESSAGE);
                assertThat(legit.code()).as(c.transcript()).isEqualTo(250);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("legitimate mail among %d silent sessions", flood).isLessThan(Duration.ofSeconds(5));
            for (Future<SmtpReply> f : replies) {
                // never a 5xx, never an accept without an answer: a temporary refusal
                assertThat(f.get(BUDGET.getSeconds() + 30, TimeUnit.SECONDS).toString()).startsWith("451 4.7.24");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aStageEndsAtItsBudgetWithATemporaryRefusal() throws Exception {
        dns.silentZone("silent.test");
        try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
            assertThat(c.ehlo("mail.good.example.test").code()).isEqualTo(250);
            long start = System.nanoTime();
            SmtpReply r = c.mailFrom("x@budget.silent.test");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(r.toString()).isEqualTo("451 4.7.24 SPF: temporary DNS error looking up budget.silent.test");
            // one budget for the whole stage (SPF, null MX and the HELO identity all wait in it)
            assertThat(took.toMillis()).isBetween(BUDGET.toMillis() * 9 / 10, BUDGET.toMillis() * 11 / 10);
        }
    }

    @Test
    void answersFiftyMillisecondsLateGiveTheSameReplies() throws Exception {
        Map<String, String> fast = dialogues();
        dns.delay(Duration.ofMillis(50));
        Map<String, String> slow = dialogues();
        assertThat(slow).isEqualTo(fast);
        assertThat(fast.get("fail.example.test")).startsWith("550 5.7.23");
        assertThat(fast.get("chain.example.test")).endsWith("250");
        assertThat(fast.get("nullmx.example.test")).startsWith("550 5.7.27");
        assertThat(fast.get("servfail.example.test")).startsWith("451 4.7.24");
    }

    /** Sender domain → the replies of one whole dialogue, as text. */
    private static Map<String, String> dialogues() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String domain : List.of("pass.example.test", "fail.example.test", "chain.example.test",
                "nullmx.example.test", "servfail.example.test")) {
            try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
                c.ehlo("mail.good.example.test");
                SmtpReply mail = c.mailFrom("alice@" + domain);
                if (!mail.isPositive()) {
                    out.put(domain, mail.toString());
                    continue;
                }
                SmtpReply rcpt = c.rcptTo("bob@example.test");
                SmtpReply data = rcpt.isPositive() ? c.data(MESSAGE.replace("pass.example.test", domain)) : rcpt;
                out.put(domain, mail.code() + " " + rcpt.code() + " " + data.code());
            }
        }
        return out;
    }
}
