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
 * The generic path every check uses: a verdict recorded by a hook during the SMTP dialogue reaches
 * the mailet container as a typed mail attribute, where a matcher routes on it.
 */
class VerdictAttributeTest {
    private static final String MAILETS = Pack.sinkPipeline(
            "      <mailet match=\"org.mxpack.mailet.HasVerdict=helo:accept\" class=\"SetMimeHeader\">",
            "        <name>X-Helo-Check</name><value>accept</value>",
            "      </mailet>",
            "      <mailet match=\"org.mxpack.mailet.HasVerdict=helo:reject\" class=\"SetMimeHeader\">",
            "        <name>X-Helo-Check</name><value>reject</value>",
            "      </mailet>");

    @Test
    void heloVerdictTravelsAsAMailAttribute() throws Exception {
        try (SmtpSink sink = SmtpSink.start();
             LoopbackDnsServer dns = LoopbackDnsServer.start();
             JamesProcess james = Pack.james()
                     .dns(dns.address())
                     .confFile("mailetcontainer.xml", MAILETS)
                     .token("SINK_PORT", Integer.toString(sink.port()))
                     .start()) {
            james.addUser("bob@example.test", "secret");
            try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
                assertThat(c.ehlo("mail.good.example").code()).isEqualTo(250);
                SmtpReply end = c.send("alice@good.example", List.of("bob@example.test"),
                        "From: alice@good.example\r\nTo: bob@example.test\r\nSubject: attr\r\n\r\nbody\r\n");
                assertThat(end.code()).as(c.transcript()).isEqualTo(250);
            }
            List<SmtpSink.Received> got = sink.await(1, Duration.ofSeconds(30));
            assertThat(got).as(james.logTail(40)).hasSize(1);
            assertThat(got.get(0).header("X-Helo-Check")).isEqualTo("accept");
            assertThat(got.get(0).recipients).containsExactly("bob@example.test");
        }
    }
}
