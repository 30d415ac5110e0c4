package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.testkit.JamesProcess;
import org.mxpack.testkit.LoopbackDnsServer;
import org.mxpack.testkit.SmtpClient;
import org.mxpack.testkit.SmtpReply;

/** The HELO/EHLO block list, through a real James 3.8.1 with the pack from the drop-in zip. */
class HeloBlockListTest {
    private static LoopbackDnsServer dns;
    private static JamesProcess james;

    @BeforeAll
    static void start() throws Exception {
        dns = LoopbackDnsServer.start();
        james = Pack.james()
                .dns(dns.address())
                .confFile("mxpack/helo-blocklist.txt", String.join("\n",
                        "# test rules",
                        "spam.example.org",
                        ".bad.example",
                        "198.51.100.0/24",
                        "127.0.0.64/28",
                        "2001:db8:bad::/48",
                        ""))
                .confEdit("smtpserver.xml", "<!-- <block>\\.spammer\\.example</block> -->",
                        "<block>*.inline.example</block>")
                .start();
        james.addUser("bob@example.test", "secret");
    }

    @AfterAll
    static void stop() {
        if (james != null) {
            james.close();
        }
        dns.close();
    }

    private static SmtpClient client() throws Exception {
        return SmtpClient.connect(james.smtpPort());
    }

    @Test
    void editingTheListFileWhileJamesRunsTakesEffectWithoutARestart() throws Exception {
        java.nio.file.Path file = james.workDir().resolve("conf/mxpack/helo-blocklist.txt");
        String original = java.nio.file.Files.readString(file);
        try {
            try (SmtpClient c = client()) {
                assertThat(c.ehlo("mail.edited.example").code()).isEqualTo(250);
            }
            // a rule that does not parse: the previous list stays, one log line names FILE:LINE
            java.nio.file.Files.writeString(file, original + "300.1.2.3/8\n");
            touch(file, 1);
            // the list looks at its file when it is used: keep connecting until it has tried
            long until = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
            while (!james.log().contains("list file not reloaded") && System.nanoTime() < until) {
                try (SmtpClient c = client()) {
                    assertThat(c.ehlo("x.bad.example").code()).as("the previous rules still apply").isEqualTo(550);
                }
                Thread.sleep(200);
            }
            assertThat(james.log()).contains("list file not reloaded").contains("helo-blocklist.txt:7");
            java.nio.file.Files.writeString(file, original + ".edited.example\n");
            touch(file, 2);
            // within 5 s (the list is looked at every 2 s), the next connection sees the new rule
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
            int code = 250;
            while (code == 250 && System.nanoTime() < deadline) {
                try (SmtpClient c = client()) {
                    code = c.ehlo("mail.edited.example").code();
                }
                if (code == 250) {
                    Thread.sleep(200);
                }
            }
            assertThat(code).isEqualTo(550);
        } finally {
            java.nio.file.Files.writeString(file, original);
            touch(file, 3);
        }
    }

    /** A modification time the list check cannot mistake for the previous one, however coarse the clock. */
    private static void touch(java.nio.file.Path file, int step) throws Exception {
        java.nio.file.Files.setLastModifiedTime(file,
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + step * 10_000L));
    }

    @Test
    void cleanClientIsAcceptedAndItsMailToo() throws Exception {
        try (SmtpClient c = client()) {
            assertThat(c.greeting().code()).isEqualTo(220);
            assertThat(c.ehlo("mail.good.example").code()).isEqualTo(250);
            SmtpReply end = c.send("alice@good.example", List.of("bob@example.test"),
                    "From: alice@good.example\r\nTo: bob@example.test\r\nSubject: hi\r\n\r\nhello\r\n");
            assertThat(end.code()).as(c.transcript()).isEqualTo(250);
        }
    }

    @Test
    void listedNameIsRefusedWithTheRule() throws Exception {
        try (SmtpClient c = client()) {
            SmtpReply r = c.ehlo("spam.example.org");
            assertThat(r.toString())
                    .isEqualTo("550 5.7.1 Client host rejected: HELO name spam.example.org matches rule spam.example.org");
        }
    }

    @Test
    void domainSuffixes() throws Exception {
        try (SmtpClient c = client()) {
            assertThat(c.helo("host.bad.example").toString()).startsWith("550 5.7.1 ").contains(".bad.example");
        }
        try (SmtpClient c = client()) {
            assertThat(c.ehlo("mx.inline.example").toString()).startsWith("550 5.7.1 ").contains("*.inline.example");
        }
        try (SmtpClient c = client()) {
            assertThat(c.ehlo("inline.example").code()).isEqualTo(250);
        }
    }

    @Test
    void refusalIsStickyAcrossRsetEhloAndMail() throws Exception {
        try (SmtpClient c = client()) {
            assertThat(c.ehlo("spam.example.org").code()).isEqualTo(550);
            c.rset();
            SmtpReply again = c.ehlo("clean.good.example");
            assertThat(again.toString()).startsWith("550 5.7.1 Client host rejected: HELO name spam.example.org");
            // James itself answers 503 (no accepted HELO yet) before mxpack's MAIL hook would say 550 again.
            assertThat(c.mailFrom("alice@good.example").code()).isGreaterThanOrEqualTo(500);
            assertThat(c.rcptTo("bob@example.test").code()).isGreaterThanOrEqualTo(500);
        }
    }

    @Test
    void addressLiteralsInHelo() throws Exception {
        try (SmtpClient c = client()) {
            assertThat(c.ehlo("[198.51.100.9]").toString())
                    .isEqualTo("550 5.7.1 Client host rejected: HELO address literal 198.51.100.9 matches rule 198.51.100.0/24");
        }
        try (SmtpClient c = client()) {
            assertThat(c.ehlo("[IPv6:2001:db8:bad::25]").toString()).startsWith("550 5.7.1 ").contains("2001:db8:bad::/48");
        }
        try (SmtpClient c = client()) {
            assertThat(c.ehlo("[127.0.0.1]").code()).isEqualTo(250);
        }
    }

    @Test
    void clientAddressInCidr() throws Exception {
        try (SmtpClient c = SmtpClient.connectFrom("127.0.0.66", james.smtpPort())) {
            assertThat(c.ehlo("mail.good.example").toString())
                    .isEqualTo("550 5.7.1 Client host rejected: client address 127.0.0.66 matches rule 127.0.0.64/28");
        }
        try (SmtpClient c = SmtpClient.connectFrom("127.0.0.80", james.smtpPort())) {
            assertThat(c.ehlo("mail.good.example").code()).isEqualTo(250);
        }
    }

    @Test
    void everyDecisionIsLoggedOnce() throws Exception {
        try (SmtpClient c = client()) {
            c.ehlo("log-me.bad.example");
        }
        assertThat(james.awaitLog("helo=log-me.bad.example", java.time.Duration.ofSeconds(5))).isTrue();
        assertThat(james.log()).contains("check=helo-list");
    }
}
