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
 * the user's own mailbox (KeepLocal), while a forwardable message still leaves. And when James's
 * RecipientRewriteTable fails for that user, the mail is parked for a WebAdmin reprocess, not bounced.
 */
class KeepLocalForwardTest {
    private static final String LOCAL_COPIES = "/mailRepositories/var%2Fmail%2Flocal-copy/mails";
    private static final String RETRY = "/mailRepositories/var%2Fmail%2Fmxpack-retry/mails";
    private static final String ZONE = String.join("\n",
            "$ORIGIN test.",
            "strict        IN TXT \"v=spf1 ip4:127.0.0.1 -all\"",
            "_dmarc.strict IN TXT \"v=DMARC1; p=reject\"",
            "relaxed       IN TXT \"v=spf1 ip4:127.0.0.1 -all\"",
            "");

    /** The shipped pipeline with forwardability {@code local}, off-site mail to {@code world}. */
    private static JamesProcess.Builder james(LoopbackDnsServer dns, SmtpSink world) {
        return Pack.james()
                .dns(dns.address())
                .confEdit("smtpserver.xml", "<onForward>reject</onForward>", "<onForward>local</onForward>")
                .confEdit("mxpack.xml", "</mxpack>",
                        "<srs><domain>fwd.test</domain><secret>keep-local-secret</secret></srs></mxpack>")
                .confEdit("mailetcontainer.xml", "<outgoing>outgoing</outgoing>",
                        "<outgoing>outgoing</outgoing><gateway>127.0.0.1</gateway><gatewayPort>"
                                + world.port() + "</gatewayPort>")
                .confEdit("mailetcontainer.xml", "<deliveryThreads>\\d+</deliveryThreads>",
                        "<deliveryThreads>1</deliveryThreads>")
                .confEdit("mailetcontainer.xml", "<mailet match=\"All\" class=\"LocalDelivery\"/>",
                        "<mailet match=\"All\" class=\"ToRepository\"><repositoryPath>memory://var/mail/local-copy/"
                                + "</repositoryPath><passThrough>true</passThrough></mailet>"
                                + "<mailet match=\"All\" class=\"LocalDelivery\"/>");
    }

    private static String awaitNotEmpty(JamesProcess james, String path) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String list = james.webadminGet(path);
        while (list.equals("[]") && System.nanoTime() < end) {
            Thread.sleep(200);
            list = james.webadminGet(path);
        }
        return list;
    }

    @Test
    void unforwardableCopyStaysInTheMailboxOfTheForwardingUser() throws Exception {
        try (SmtpSink world = SmtpSink.start();
             LoopbackDnsServer dns = LoopbackDnsServer.start().loadZone(ZONE, "test.");
             JamesProcess james = james(dns, world).start()) {
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
            // the kept message (sent first) is in its local mailbox; a marker forwarded after it arrives,
            // and with one delivery thread a copy of the kept one queued before would have arrived first
            assertThat(awaitNotEmpty(james, LOCAL_COPIES)).as(james.logTail(60)).isNotEqualTo("[]");
            try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
                c.ehlo("mail.relaxed.test");
                assertThat(c.send("alice@relaxed.test", List.of("carol@example.test"),
                        EndOfDataTest.message("Alice <alice@relaxed.test>", "marker")).code()).isEqualTo(250);
            }
            world.await(2, Duration.ofSeconds(30));
            assertThat(world.messages()).as(james.logTail(60)).extracting(m -> m.header("Subject"))
                    .containsExactly("forward me", "marker");
            assertThat(out.get(0).mailFrom).startsWith("SRS0=");
            assertThat(awaitNotEmpty(james, LOCAL_COPIES)).as(james.logTail(60)).isNotEqualTo("[]");
            assertThat(james.log()).contains("kept [carol@example.test] local");
        }
    }

    /**
     * A real RecipientRewriteTable failure: after RCPT accepted carol (a forward), her mappings grow past
     * James's {@code <mappingLimit>} before DATA, so KeepLocal cannot resolve her route. The mail is parked
     * whole (no bounce, nothing delivered), then delivered once the mapping is fixed and the admin
     * reprocesses the repository with WebAdmin.
     */
    @Test
    void aFailingMappingParksTheMailUntilTheAdminReprocessesIt() throws Exception {
        try (SmtpSink world = SmtpSink.start();
             LoopbackDnsServer dns = LoopbackDnsServer.start().loadZone(ZONE, "test.");
             JamesProcess james = james(dns, world)
                     .confEdit("recipientrewritetable.xml", "<mappingLimit>10</mappingLimit>",
                             "<mappingLimit>3</mappingLimit>")
                     .start()) {
            james.addUser("carol@example.test", "secret");
            james.addUser("bob@example.test", "secret");
            assertThat(james.webadmin("PUT", "/address/forwards/carol@example.test/targets/carol@far.test", null))
                    .isBetween(200, 299);
            try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
                c.ehlo("mail.strict.test");
                assertThat(c.mailFrom("alice@strict.test").code()).isEqualTo(250);
                assertThat(c.rcptTo("carol@example.test").code()).as(c.transcript()).isEqualTo(250);
                // between RCPT and DATA: carol -> c1 -> ... -> c5 -> bob, deeper than mappingLimit
                String from = "carol@example.test";
                for (int i = 1; i <= 5; i++) {
                    String to = "c" + i + "@example.test";
                    assertThat(james.webadmin("POST", "/mappings/address/" + from + "/targets/" + to, null))
                            .as("mapping %s -> %s", from, to).isBetween(200, 299);
                    from = to;
                }
                assertThat(james.webadmin("POST", "/mappings/address/" + from + "/targets/bob@example.test", null))
                        .isBetween(200, 299);
                assertThat(c.data(EndOfDataTest.message("Alice <alice@strict.test>", "park me")).code())
                        .as(c.transcript()).isEqualTo(250);
            }
            assertThat(james.awaitLog("mxpack retry: KeepLocal parked", Duration.ofSeconds(20)))
                    .as(james.logTail(60)).isTrue();
            assertThat(james.log()).contains("processor=transport");
            assertThat(awaitNotEmpty(james, RETRY)).as(james.logTail(60)).isNotEqualTo("[]");
            assertThat(james.webadminGet(LOCAL_COPIES)).as("nothing delivered").isEqualTo("[]");
            assertThat(james.webadminGet("/mailRepositories/var%2Fmail%2Ferror/mails")).as("nothing bounced")
                    .isEqualTo("[]");
            assertThat(world.messages()).as("no bounce, no forward").isEmpty();

            assertThat(james.webadmin("DELETE", "/mappings/address/carol@example.test/targets/c1@example.test", null))
                    .isBetween(200, 299);
            assertThat(james.webadmin("PATCH", RETRY + "?action=reprocess", null)).isBetween(200, 299);
            assertThat(awaitNotEmpty(james, LOCAL_COPIES)).as(james.logTail(60)).isNotEqualTo("[]");
            assertThat(james.webadminGet(RETRY)).isEqualTo("[]");
            assertThat(james.log()).contains("kept [carol@example.test] local");
            assertThat(world.messages()).as("the kept copy never leaves").isEmpty();
        }
    }
}
