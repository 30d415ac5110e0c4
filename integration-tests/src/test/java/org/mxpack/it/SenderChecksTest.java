package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.testkit.JamesProcess;
import org.mxpack.testkit.LoopbackDnsServer;
import org.mxpack.testkit.SmtpClient;
import org.mxpack.testkit.SmtpReply;
import org.mxpack.testkit.SmtpSink;

/**
 * The MAIL FROM checks (SenderHook with the shipped settings) through a real James 3.8.1: SPF for
 * MAIL FROM and HELO, DNS failures, the sender block list, null MX, trusted clients, observe mode,
 * and the SPF verdict reaching the mail. The client is 127.0.0.1 unless said otherwise.
 */
class SenderChecksTest {
    private static final String MAILETS = Pack.sinkPipeline(
            "      <mailet match=\"HasMailAttribute=mxpack.spf\" class=\"SetMimeHeader\">",
            "        <name>X-Spf-Attribute</name><value>present</value>",
            "      </mailet>",
            "      <mailet match=\"org.mxpack.mailet.HasVerdict=spf:pass\" class=\"SetMimeHeader\">",
            "        <name>X-Spf-Verdict</name><value>pass</value>",
            "      </mailet>");

    private static SmtpSink sink;
    private static LoopbackDnsServer dns;
    private static JamesProcess james;

    @BeforeAll
    static void start() throws Exception {
        sink = SmtpSink.start();
        dns = LoopbackDnsServer.start();
        dns.loadZone(String.join("\n",
                "$ORIGIN example.test.",
                "pass      TXT \"v=spf1 ip4:127.0.0.0/8 -all\"",
                "fail      TXT \"v=spf1 -all\"",
                "soft      TXT \"v=spf1 ~all\"",
                "broken    TXT \"v=spf1 ip4:300.1.1.1 -all\"",
                "goodhelo  TXT \"v=spf1 ip4:127.0.0.0/8 -all\"",
                "badhelo   TXT \"v=spf1 -all\"",
                "nullmx    MX  0 .",
                ""), "example.test.");
        dns.servfail("servfail.example.test");
        dns.timeout("slow.example.test");
        james = Pack.spfFailAtMailFrom(Pack.james())
                .dns(dns.address())
                // a busy CI machine: no false temperrors from a 1 s timeout on the first queries
                .confEdit("mxpack.xml", "<timeout>1s</timeout>", "<timeout>2s</timeout>")
                .confFile("mxpack/sender-blocklist.txt", "# test rules\n*@spam.example\nuser@*\n")
                .confEdit("smtpserver.xml", "<authorizedAddresses>198.51.100.0/24</authorizedAddresses>",
                        "<authorizedAddresses>198.51.100.0/24, 127.0.0.77</authorizedAddresses>")
                .confFile("mailetcontainer.xml", MAILETS)
                // what the operator guide says to add for a Prometheus scrape of WebAdmin's /metrics
                .confEdit("webadmin.properties", "https.enabled=false",
                        "https.enabled=false\nextensions.routes=org.apache.james.webadmin.dropwizard.MetricsRoutes")
                .token("SINK_PORT", Integer.toString(sink.port()))
                .start();
        james.addUser("bob@example.test", "secret");
    }

    @AfterAll
    static void stop() {
        if (james != null) {
            james.close();
        }
        dns.close();
        sink.close();
    }

    private static SmtpReply mailFrom(String helo, String sender) throws Exception {
        try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
            assertThat(c.ehlo(helo).code()).as(c.transcript()).isEqualTo(250);
            SmtpReply r = c.mailFrom(sender);
            if (r.isPositive()) {
                assertThat(c.rcptTo("bob@example.test").code()).as(c.transcript()).isEqualTo(250);
            }
            return r;
        }
    }

    @Test
    void spfFailIsRefused() throws Exception {
        assertThat(mailFrom("mail.good.example", "alice@fail.example.test").toString())
                .isEqualTo("550 5.7.23 SPF: fail.example.test does not designate 127.0.0.1 as permitted sender");
    }

    @Test
    void refusalsAreCountedInWebAdminMetrics() throws Exception {
        assertThat(mailFrom("mail.good.example", "metrics@fail.example.test").code()).isEqualTo(550);
        assertThat(mailFrom("mail.good.example", "metrics@slow.example.test").code()).isEqualTo(451);
        String metrics = james.webadminGet("/metrics");
        // Prometheus text format, as an admin's scraper reads it
        assertThat(metrics).contains("mxpack_decision_spf_reject_total").contains("mxpack_reply_550_total")
                .contains("mxpack_reply_451_total").contains("mxpack_wait_").contains("mxpack_stage_mail_count");
    }

    @Test
    void spfTemperrorIsATemporaryRefusalNeverPermanent() throws Exception {
        assertThat(mailFrom("mail.good.example", "alice@servfail.example.test").toString())
                .isEqualTo("451 4.7.24 SPF: temporary DNS error looking up servfail.example.test");
        assertThat(mailFrom("mail.good.example", "alice@slow.example.test").toString())
                .isEqualTo("451 4.7.24 SPF: temporary DNS error looking up slow.example.test");
    }

    @Test
    void permerrorSoftfailAndNoneAreAccepted() throws Exception {
        assertThat(mailFrom("mail.good.example", "alice@broken.example.test").code()).isEqualTo(250);
        assertThat(mailFrom("mail.good.example", "alice@soft.example.test").code()).isEqualTo(250);
        assertThat(mailFrom("mail.good.example", "alice@nowhere.example.test").code()).isEqualTo(250);
    }

    @Test
    void nullSenderIsCheckedThroughTheHeloName() throws Exception {
        assertThat(mailFrom("badhelo.example.test", "").toString())
                .isEqualTo("550 5.7.23 SPF: badhelo.example.test does not designate 127.0.0.1 as permitted sender");
        assertThat(mailFrom("goodhelo.example.test", "").code()).isEqualTo(250);
    }

    @Test
    void senderBlockList() throws Exception {
        assertThat(mailFrom("mail.good.example", "x@spam.example").toString())
                .isEqualTo("550 5.7.1 Sender address rejected: <x@spam.example> matches rule *@spam.example");
        assertThat(mailFrom("mail.good.example", "user@pass.example.test").toString())
                .startsWith("550 5.7.1 Sender address rejected: <user@pass.example.test> matches rule user@*");
    }

    @Test
    void nullMxSenderDomain() throws Exception {
        assertThat(mailFrom("mail.good.example", "alice@nullmx.example.test").toString()).isEqualTo(
                "550 5.7.27 Sender address rejected: <alice@nullmx.example.test>: nullmx.example.test accepts no mail (null MX)");
    }

    @Test
    void trustedClientIsNotChecked() throws Exception {
        try (SmtpClient c = SmtpClient.connectFrom("127.0.0.77", james.smtpPort())) {
            assertThat(c.ehlo("mail.good.example").code()).isEqualTo(250);
            assertThat(c.mailFrom("alice@fail.example.test").code()).as(c.transcript()).isEqualTo(250);
            assertThat(c.rcptTo("bob@example.test").code()).as(c.transcript()).isEqualTo(250);
        }
    }

    @Test
    void heloSpfObservesByDefault() throws Exception {
        // shipped <spfHelo><reject>false</reject>: the HELO identity fails, the mail is accepted, the log says so
        assertThat(mailFrom("badhelo.example.test", "shadow@pass.example.test").code()).isEqualTo(250);
        assertThat(james.awaitLog("shadow@pass.example.test", Duration.ofSeconds(5))).isTrue();
        assertThat(james.log().lines().filter(l -> l.contains("shadow@pass.example.test")))
                .anyMatch(l -> l.contains("check=spf-helo") && l.contains("action=SHADOW_REJECT")
                        && l.contains("550 5.7.23"));
    }

    @Test
    void spfPassIsAcceptedAndItsVerdictReachesTheMail() throws Exception {
        try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
            assertThat(c.ehlo("goodhelo.example.test").code()).isEqualTo(250);
            SmtpReply end = c.send("alice@pass.example.test", List.of("bob@example.test"),
                    "From: alice@pass.example.test\r\nTo: bob@example.test\r\nSubject: spf\r\n\r\nbody\r\n");
            assertThat(end.code()).as(c.transcript()).isEqualTo(250);
        }
        List<SmtpSink.Received> got = sink.await(1, Duration.ofSeconds(30));
        assertThat(got).as(james.logTail(40)).isNotEmpty();
        SmtpSink.Received m = got.stream().filter(r -> r.mailFrom != null && r.mailFrom.contains("alice@pass.example.test"))
                .findFirst().orElseThrow();
        assertThat(m.header("X-Spf-Attribute")).isEqualTo("present");
        assertThat(m.header("X-Spf-Verdict")).isEqualTo("pass");
    }
}
