package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.testkit.JamesProcess;
import org.mxpack.testkit.LoopbackDnsServer;
import org.mxpack.testkit.SmtpClient;
import org.mxpack.testkit.SmtpReply;

/** DNSBL, HELO syntax and forgery through a real James 3.8.1: exact replies, never a 5xx for a DNS problem. */
class ClientChecksTest {
    private static LoopbackDnsServer dns;
    private static JamesProcess james;

    @BeforeAll
    static void start() throws Exception {
        dns = LoopbackDnsServer.start();
        dns.loadZone(String.join("\n",
                "$ORIGIN bl.test.",
                "2.0.0.127  IN A   127.0.0.2",
                "2.0.0.127  IN TXT \"listed for testing\"",
                "3.0.0.127  IN A   127.255.255.254",
                ""), "bl.test.");
        dns.timeout("4.0.0.127.bl.test");
        james = Pack.james()
                .dns(dns.address())
                .confEdit("smtpserver.xml", "<!-- <zone>[^<]*</zone> -->", "<zone>bl.test</zone>")
                .confEdit("mxpack.xml", "<stageBudget>[^<]*</stageBudget>", "<stageBudget>2s</stageBudget>")
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

    private static SmtpReply rcptFrom(String clientIp) throws Exception {
        try (SmtpClient c = SmtpClient.connectFrom(clientIp, james.smtpPort())) {
            assertThat(c.ehlo("mail.client.example").code()).as(c.transcript()).isEqualTo(250);
            assertThat(c.mailFrom("alice@client.example").code()).as(c.transcript()).isEqualTo(250);
            return c.rcptTo("bob@example.test");
        }
    }

    @Test
    void listedClientIsRefusedAtRcptWithZoneCodeAndReason() throws Exception {
        assertThat(rcptFrom("127.0.0.2").toString()).isEqualTo(
                "550 5.7.1 Client host rejected: 127.0.0.2 is listed on bl.test (127.0.0.2: listed for testing)");
    }

    @Test
    void errorAnswer127255255254DoesNotBlock() throws Exception {
        assertThat(rcptFrom("127.0.0.3").code()).isEqualTo(250);
    }

    @Test
    void dnsblTimeoutNeverGivesA5xx() throws Exception {
        SmtpReply r = rcptFrom("127.0.0.4");
        assertThat(r.code()).isLessThan(500);
    }

    @Test
    void unlistedClientIsAccepted() throws Exception {
        assertThat(rcptFrom("127.0.0.5").code()).isEqualTo(250);
    }

    @Test
    void heloSyntaxAndForgery() throws Exception {
        try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
            assertThat(c.ehlo("127.0.0.1").toString())
                    .isEqualTo("501 5.5.2 Helo command rejected: an address must be written as a literal [127.0.0.1]");
        }
        try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
            assertThat(c.ehlo("mx.example.test").toString())
                    .isEqualTo("550 5.7.1 Helo command rejected: mx.example.test is our own name or address");
            c.rset();
            assertThat(c.ehlo("mail.client.example").toString()).startsWith("550 5.7.1 Helo command rejected");
        }
        try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
            assertThat(c.ehlo("[192.0.2.1]").toString()).isEqualTo(
                    "550 5.7.1 Helo command rejected: address literal [192.0.2.1] is not the client address 127.0.0.1");
        }
    }

    @Test
    void refusalsAreLogged() throws Exception {
        rcptFrom("127.0.0.2");
        assertThat(james.awaitLog("check=dnsbl action=REJECT", Duration.ofSeconds(5))).as(james.logTail(30)).isTrue();
    }
}
