package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.testkit.JamesProcess;
import org.mxpack.testkit.LoopbackDnsServer;
import org.mxpack.testkit.SmtpClient;
import org.mxpack.testkit.SmtpReply;

/**
 * RCPT TO through a real James 3.8.1: routes from James's users and RecipientRewriteTable (set up
 * with WebAdmin, as an admin would), a relay domain of mxpack.xml, and the recipient limit.
 */
class RecipientTest {
    private static LoopbackDnsServer dns;
    private static JamesProcess james;

    @BeforeAll
    static void start() throws Exception {
        dns = LoopbackDnsServer.start();
        james = Pack.james()
                .dns(dns.address())
                .confEdit("mxpack.xml", "<!-- <relay>[^<]*</relay> -->", "<relay>partner.test 127.0.0.1:2525 tls=required</relay>")
                .confEdit("smtpserver.xml", "<max>100</max>", "<max>3</max>")
                .start();
        james.addUser("bob@example.test", "secret");
        james.addUser("carol@example.test", "secret");
        admin("PUT", "/address/aliases/bob@example.test/sources/sales@example.test");
        admin("PUT", "/address/forwards/carol@example.test/targets/carol@far.test");
        admin("PUT", "/domains/alias.test");
        admin("PUT", "/domains/example.test/aliases/alias.test");
        admin("PUT", "/domains/catch.test");
        admin("POST", "/mappings/regex/*@catch.test/targets/"
                + URLEncoder.encode(".*@catch.test:bob@example.test", StandardCharsets.UTF_8));
    }

    private static void admin(String method, String path) throws Exception {
        int status = james.webadmin(method, path, null);
        assertThat(status).as(method + " " + path).isBetween(200, 299);
    }

    @AfterAll
    static void stop() {
        if (james != null) {
            james.close();
        }
        dns.close();
    }

    /** A fresh dialogue up to MAIL FROM. */
    private static SmtpClient session() throws Exception {
        SmtpClient c = SmtpClient.connect(james.smtpPort());
        assertThat(c.ehlo("mail.sender.test").code()).isEqualTo(250);
        assertThat(c.mailFrom("alice@sender.test").code()).as(c.transcript()).isEqualTo(250);
        return c;
    }

    private static SmtpReply rcpt(String address) throws Exception {
        try (SmtpClient c = session()) {
            return c.rcptTo(address);
        }
    }

    @Test
    void localUserIsAcceptedAndDelivered() throws Exception {
        try (SmtpClient c = session()) {
            assertThat(c.rcptTo("bob@example.test").code()).isEqualTo(250);
            SmtpReply end = c.data("From: alice@sender.test\r\nTo: bob@example.test\r\nSubject: hi\r\n\r\nhello\r\n");
            assertThat(end.code()).as(c.transcript()).isEqualTo(250);
        }
    }

    @Test
    void unknownLocalUserHasNoRoute() throws Exception {
        assertThat(rcpt("nobody@example.test").toString())
                .isEqualTo("550 5.1.1 <nobody@example.test>: no route to this recipient here");
        assertThat(james.awaitLog("rcpt=<nobody@example.test>", Duration.ofSeconds(5))).isTrue();
        assertThat(james.log()).contains("check=route action=REJECT");
    }

    @Test
    void recipientRewriteTableRoutesAreAccepted() throws Exception {
        assertThat(rcpt("sales@example.test").code()).as("alias").isEqualTo(250);
        assertThat(rcpt("carol@example.test").code()).as("forward").isEqualTo(250);
        assertThat(rcpt("bob@alias.test").code()).as("domain alias").isEqualTo(250);
        assertThat(rcpt("anything@catch.test").code()).as("catch-all").isEqualTo(250);
        assertThat(rcpt("nobody@alias.test").toString()).as("domain alias of an unknown user")
                .isEqualTo("550 5.1.1 <nobody@alias.test>: no route to this recipient here");
    }

    @Test
    void relayDomainIsAcceptedAndOtherDomainsAreNot() throws Exception {
        assertThat(rcpt("someone@partner.test").code()).isEqualTo(250);
        assertThat(rcpt("someone@elsewhere.test").toString())
                .isEqualTo("550 5.1.1 <someone@elsewhere.test>: no route to this recipient here");
    }

    @Test
    void recipientLimitRefusesOnlyTheRecipientsOverIt() throws Exception {
        try (SmtpClient c = session()) {
            assertThat(c.rcptTo("bob@example.test").code()).isEqualTo(250);
            assertThat(c.rcptTo("nobody@example.test").code()).isEqualTo(550); // refused: does not count
            assertThat(c.rcptTo("carol@example.test").code()).isEqualTo(250);
            assertThat(c.rcptTo("sales@example.test").code()).isEqualTo(250);
            assertThat(c.rcptTo("bob@alias.test").toString()).isEqualTo(
                    "452 4.5.3 Too many recipients: at most 3 per message, send the rest in another transaction");
            SmtpReply end = c.data("From: alice@sender.test\r\nSubject: many\r\n\r\nhello\r\n");
            assertThat(end.code()).as(c.transcript()).isEqualTo(250);
            // a new transaction starts counting again
            assertThat(c.mailFrom("alice@sender.test").code()).isEqualTo(250);
            assertThat(c.rcptTo("bob@alias.test").code()).as(c.transcript()).isEqualTo(250);
        }
    }
}
