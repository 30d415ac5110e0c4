package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mxpack.testkit.JamesProcess;
import org.mxpack.testkit.LoopbackDnsServer;
import org.mxpack.testkit.SmtpClient;

/** A client that authenticated (SMTP AUTH) is one of ours: the inbound checks do not apply to it. */
class AuthenticatedClientTest {
    @Test
    void authenticatedClientIsNotCheckedButAnonymousOneIs() throws Exception {
        try (LoopbackDnsServer dns = LoopbackDnsServer.start()
                     .loadZone("forger.example. IN TXT \"v=spf1 -all\"\n", "example.");
             JamesProcess james = Pack.spfFailAtMailFrom(Pack.james())
                     .dns(dns.address())
                     .confEdit("smtpserver.xml", "<announce>never</announce>", "<announce>always</announce>")
                     .confEdit("smtpserver.xml", "<requireSSL>true</requireSSL>", "<requireSSL>false</requireSSL>")
                     .confEdit("smtpserver.xml", "<plainAuthEnabled>false</plainAuthEnabled>",
                             "<plainAuthEnabled>true</plainAuthEnabled>")
                     .start()) {
            james.addUser("bob@example.test", "secret");
            String message = "From: ceo@forger.example\r\nTo: bob@example.test\r\nSubject: hi\r\n\r\nbody\r\n";
            try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
                c.ehlo("mail.client.example");
                assertThat(c.mailFrom("ceo@forger.example").toString()).startsWith("550 5.7.23 SPF:");
            }
            try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
                c.ehlo("mail.client.example");
                String plain = Base64.getEncoder().encodeToString("\0bob@example.test\0secret".getBytes(StandardCharsets.UTF_8));
                assertThat(c.command("AUTH PLAIN " + plain).code()).as(c.transcript()).isEqualTo(235);
                assertThat(c.send("ceo@forger.example", List.of("bob@example.test"), message).code())
                        .as(c.transcript()).isEqualTo(250);
            }
        }
    }
}
