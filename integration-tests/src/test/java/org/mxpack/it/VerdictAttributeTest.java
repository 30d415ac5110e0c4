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
    private static final String MAILETS = String.join("\n",
            "<?xml version=\"1.0\"?>",
            "<mailetcontainer enableJmx=\"false\">",
            "  <context><postmaster>postmaster@example.test</postmaster></context>",
            "  <spooler><threads>2</threads><errorRepository>memory://var/mail/error/</errorRepository></spooler>",
            "  <processors>",
            "    <processor state=\"root\" enableJmx=\"false\">",
            "      <mailet match=\"All\" class=\"ToProcessor\"><processor>transport</processor></mailet>",
            "    </processor>",
            "    <processor state=\"transport\" enableJmx=\"false\">",
            "      <mailet match=\"All\" class=\"RemoveMimeHeader\"><name>bcc</name></mailet>",
            "      <mailet match=\"org.mxpack.mailet.HasVerdict=helo:accept\" class=\"SetMimeHeader\">",
            "        <name>X-Helo-Check</name><value>accept</value>",
            "      </mailet>",
            "      <mailet match=\"org.mxpack.mailet.HasVerdict=helo:reject\" class=\"SetMimeHeader\">",
            "        <name>X-Helo-Check</name><value>reject</value>",
            "      </mailet>",
            "      <mailet match=\"All\" class=\"RemoteDelivery\">",
            "        <outgoingQueue>outgoing</outgoingQueue>",
            "        <delayTime>1000, 1000</delayTime><maxRetries>2</maxRetries>",
            "        <gateway>127.0.0.1</gateway><gatewayPort>@@SINK_PORT@@</gatewayPort>",
            "        <bounceProcessor>error</bounceProcessor>",
            "      </mailet>",
            "    </processor>",
            "    <processor state=\"error\" enableJmx=\"false\">",
            "      <mailet match=\"All\" class=\"ToRepository\"><repositoryPath>memory://var/mail/error/</repositoryPath></mailet>",
            "    </processor>",
            "  </processors>",
            "</mailetcontainer>",
            "");

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
