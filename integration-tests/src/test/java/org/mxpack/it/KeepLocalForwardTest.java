package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mxpack.testkit.JamesProcess;
import org.mxpack.testkit.LoopbackDnsServer;
import org.mxpack.testkit.SmtpClient;
import org.mxpack.testkit.SmtpSink;

/**
 * The forwardability choice {@code local} through a real James with the shipped pipeline: a
 * p=reject message without aligned DKIM for a user who forwards off-site is accepted and stays in
 * the user's own mailbox (KeepLocal), while a forwardable message still leaves.
 */
class KeepLocalForwardTest {
    private static final String LOCAL_COPIES = "/mailRepositories/var%2Fmail%2Flocal-copy/mails";

    @Test
    void unforwardableCopyStaysInTheMailboxOfTheForwardingUser() throws Exception {
        try (SmtpSink world = SmtpSink.start();
             LoopbackDnsServer dns = LoopbackDnsServer.start().loadZone(String.join("\n",
                     "$ORIGIN test.",
                     "strict        IN TXT \"v=spf1 ip4:127.0.0.1 -all\"",
                     "_dmarc.strict IN TXT \"v=DMARC1; p=reject\"",
                     "relaxed       IN TXT \"v=spf1 ip4:127.0.0.1 -all\"",
                     ""), "test.");
             JamesProcess james = Pack.james()
                     .dns(dns.address())
                     .confEdit("smtpserver.xml", "<onForward>reject</onForward>", "<onForward>local</onForward>")
                     .confEdit("mxpack.xml", "</mxpack>",
                             "<srs><domain>fwd.test</domain><secret>keep-local-secret</secret></srs></mxpack>")
                     .confEdit("mailetcontainer.xml", "<outgoing>outgoing</outgoing>",
                             "<outgoing>outgoing</outgoing><gateway>127.0.0.1</gateway><gatewayPort>"
                                     + world.port() + "</gatewayPort>")
                     .confEdit("mailetcontainer.xml", "<mailet match=\"All\" class=\"LocalDelivery\"/>",
                             "<mailet match=\"All\" class=\"ToRepository\"><repositoryPath>memory://var/mail/local-copy/"
                                     + "</repositoryPath><passThrough>true</passThrough></mailet>"
                                     + "<mailet match=\"All\" class=\"LocalDelivery\"/>")
                     .start()) {
            james.addUser("carol@example.test", "secret");
            assertThat(james.webadmin("PUT", "/address/forwards/carol@example.test/targets/carol@far.test", null))
                    .isBetween(200, 299);
            try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
                c.ehlo("mail.strict.test");
                assertThat(c.send("alice@strict.test", List.of("carol@example.test"),
                        EndOfDataTest.message("Alice <alice@strict.test>", "keep me local")).code())
                        .as(c.transcript()).isEqualTo(250);
                assertThat(c.send("alice@relaxed.test", List.of("carol@example.test"),
                        EndOfDataTest.message("Alice <alice@relaxed.test>", "forward me")).code())
                        .as(c.transcript()).isEqualTo(250);
            }
            List<SmtpSink.Received> out = world.await(1, Duration.ofSeconds(30));
            Thread.sleep(1500); // let the kept message (sent first) have its chance to leave: it must not
            assertThat(world.messages()).as(james.logTail(60)).extracting(m -> m.header("Subject"))
                    .containsExactly("forward me");
            assertThat(out.get(0).mailFrom).startsWith("SRS0=");
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String local = james.webadminGet(LOCAL_COPIES);
            while (local.equals("[]") && System.nanoTime() < end) {
                Thread.sleep(200);
                local = james.webadminGet(LOCAL_COPIES);
            }
            assertThat(local).as(james.logTail(60)).isNotEqualTo("[]");
            assertThat(james.log()).contains("kept [carol@example.test] local");
        }
    }
}
