package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mxpack.testkit.JamesProcess;
import org.mxpack.testkit.LoopbackDnsServer;
import org.mxpack.testkit.SmtpClient;
import org.mxpack.testkit.SmtpReply;
import org.mxpack.testkit.SmtpSink;

/**
 * The AuthenticationResults mailet in a real James: the accepted message leaves with one
 * Authentication-Results header of ours (verdicts computed from real DNS where no hook recorded
 * them), a forged one claiming our authserv-id is gone, and DMARC-quarantined mail is kept back.
 */
class AuthenticationResultsHeaderTest {
    private static final String MAILETS = Pack.sinkPipeline(
            "      <matcher name=\"mxpack-inbound\" match=\"org.apache.james.mailetcontainer.impl.matchers.Not\">",
            "        <matcher match=\"SMTPAuthSuccessful\"/><matcher match=\"SMTPIsAuthNetwork\"/>",
            "        <matcher match=\"SentByMailet\"/>",
            "      </matcher>",
            "      <mailet match=\"mxpack-inbound\" class=\"org.mxpack.mailet.AuthenticationResults\"/>",
            "      <mailet match=\"org.mxpack.mailet.IsAuthResult=dmarc:quarantine\" class=\"ToRepository\">",
            "        <repositoryPath>memory://var/mail/quarantine/</repositoryPath>",
            "      </mailet>",
            "      <mailet match=\"org.mxpack.mailet.IsAuthResult=spf:pass:good.example\" class=\"SetMimeHeader\">",
            "        <name>X-Routed</name><value>spf-pass</value>",
            "      </mailet>");

    private static final String ZONE = String.join("\n",
            "good.example.               IN TXT \"v=spf1 ip4:127.0.0.1 -all\"",
            "mail.good.example.          IN A   127.0.0.1",
            "mail.good.example.          IN TXT \"v=spf1 a -all\"",
            "1.0.0.127.in-addr.arpa.     IN PTR mail.good.example.",
            "evil.example.               IN TXT \"v=spf1 ~all\"", // softfail: accepted at MAIL, fails DMARC
            "_dmarc.evil.example.        IN TXT \"v=DMARC1; p=quarantine\"",
            "");

    @Test
    void acceptedMailCarriesOurHeaderAndNotTheForgedOne() throws Exception {
        try (SmtpSink sink = SmtpSink.start();
             LoopbackDnsServer dns = LoopbackDnsServer.start().loadZone(ZONE, "example.");
             JamesProcess james = Pack.james()
                     .dns(dns.address())
                     .confFile("mailetcontainer.xml", MAILETS)
                     .token("SINK_PORT", Integer.toString(sink.port()))
                     .start()) {
            james.addUser("bob@example.test", "secret");
            try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
                assertThat(c.ehlo("mail.good.example").code()).isEqualTo(250);
                SmtpReply phish = c.send("ceo@evil.example", List.of("bob@example.test"),
                        "From: ceo@evil.example\r\nTo: bob@example.test\r\nSubject: quarantine me\r\n\r\nwire it\r\n");
                assertThat(phish.code()).as(c.transcript()).isEqualTo(250);
                SmtpReply end = c.send("alice@good.example", List.of("bob@example.test"),
                        "Authentication-Results: mx.example.test; spf=pass smtp.mailfrom=evil.example\r\n"
                                + "Authentication-Results: elsewhere.example; dkim=none\r\n"
                                + "From: alice@good.example\r\nTo: bob@example.test\r\nSubject: ar\r\n\r\nbody\r\n");
                assertThat(end.code()).as(c.transcript()).isEqualTo(250);
            }
            sink.await(1, Duration.ofSeconds(30));
            // a marker sent after both arrives; the quarantined one, sent first, would have been queued
            // ahead of it on RemoteDelivery's single thread (James's default)
            try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
                c.ehlo("mail.good.example");
                assertThat(c.send("alice@good.example", List.of("bob@example.test"),
                        "From: alice@good.example\r\nTo: bob@example.test\r\nSubject: marker\r\n\r\nm\r\n").code())
                        .isEqualTo(250);
            }
            sink.await(2, Duration.ofSeconds(30));
            List<SmtpSink.Received> got = sink.messages();
            assertThat(got).as(james.logTail(60)).extracting(r -> r.header("Subject")).containsExactly("ar", "marker");
            SmtpSink.Received m = got.get(0);
            assertThat(m.header("Subject")).isEqualTo("ar");
            String ar = m.header("Authentication-Results");
            assertThat(ar).as(m.data).startsWith("elsewhere.example;");
            List<String> ours = arHeaders(m.data);
            assertThat(ours).as(m.data).hasSize(2);
            String mine = ours.get(1);
            assertThat(mine).startsWith("mx.example.test;")
                    .contains("iprev=pass").contains("policy.iprev=127.0.0.1")
                    .contains("spf=pass").contains("smtp.mailfrom=alice@good.example")
                    .contains("dmarc=none").doesNotContain("evil.example");
            assertThat(m.header("Received-SPF")).startsWith("pass (mx.example.test: domain of alice@good.example")
                    .contains("client-ip=127.0.0.1");
            assertThat(m.header("X-Routed")).isEqualTo("spf-pass");
        }
    }

    /** Every Authentication-Results header, unfolded, in order. */
    private static List<String> arHeaders(String data) {
        List<String> out = new java.util.ArrayList<>();
        String[] lines = data.split("\r\n", -1);
        for (int i = 0; i < lines.length && !lines[i].isEmpty(); i++) {
            if (lines[i].toLowerCase(java.util.Locale.ROOT).startsWith("authentication-results:")) {
                StringBuilder v = new StringBuilder(lines[i].substring("authentication-results:".length()).trim());
                while (i + 1 < lines.length && (lines[i + 1].startsWith(" ") || lines[i + 1].startsWith("\t"))) {
                    v.append(' ').append(lines[++i].trim());
                }
                out.add(v.toString());
            }
        }
        return out;
    }
}
