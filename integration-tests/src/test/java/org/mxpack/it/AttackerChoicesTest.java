package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.testkit.JamesProcess;
import org.mxpack.testkit.SmtpClient;
import org.mxpack.testkit.SmtpReply;

/**
 * What a client chooses (its HELO, the From field, how many recipients it tries) cannot buy it a
 * skipped check, through a real James 3.8.1 with the shipped configuration plus an allow-list.
 */
class AttackerChoicesTest {
    private static PackRun run;
    private static JamesProcess james;

    @BeforeAll
    static void start() throws Exception {
        run = PackRun.start(String.join("\n",
                "fail         TXT \"v=spf1 -all\"",
                "pass         TXT \"v=spf1 ip4:127.0.0.0/8 -all\"",
                "_dmarc.bank  TXT \"v=DMARC1; p=reject\"",
                "bank         TXT \"v=spf1 -all\"",
                ""), b -> Pack.spfFailAtMailFrom(b)
                .confEdit("mxpack.xml", "<timeout>1s</timeout>", "<timeout>2s</timeout>")
                .confEdit("smtpserver.xml", "<!-- <allow>192.0.2.0/24</allow> -->",
                        "<allow>192.0.2.0/24</allow><allow>.partner.example.test</allow>"));
        james = run.james();
    }

    @AfterAll
    static void stop() {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void aHeloLiteralInAnAllowedNetworkIsNoPass() throws Exception {
        try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
            assertThat(c.ehlo("[192.0.2.7]").toString())
                    .isEqualTo("550 5.7.1 Helo command rejected: address literal [192.0.2.7] is not the client address 127.0.0.1");
        }
    }

    @Test
    void anAllowedNameInHeloWithoutConfirmedReverseDnsIsNoPass() throws Exception {
        try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
            assertThat(c.ehlo("mx.partner.example.test").code()).isEqualTo(250);
            assertThat(c.mailFrom("ceo@fail.example.test").toString())
                    .isEqualTo("550 5.7.23 SPF: fail.example.test does not designate 127.0.0.1 as permitted sender");
        }
    }

    @Test
    void decoyAuthorDomainsAreRefusedAsMalformed() throws Exception {
        String message = "From: a@d1.example, b@d2.example, c@d3.example, d@d4.example, e@d5.example,"
                + " ceo@bank.example.test\r\nTo: bob@example.test\r\nSubject: decoys\r\n\r\nbody\r\n";
        assertThat(send("x@pass.example.test", message).toString()).isEqualTo(
                "554 5.6.0 Message rejected as malformed: 6 author domains in From; DMARC evaluates at most 5");
    }

    @Test
    void anAuthorBehindAHugeHeaderSectionIsNeverAcceptedUnevaluated() throws Exception {
        StringBuilder headers = new StringBuilder();
        String pad = "X-Pad: " + "p".repeat(990) + "\r\n";
        while (headers.length() <= 1100 * 1024) {
            headers.append(pad);
        }
        SmtpReply r = send("x@pass.example.test", headers + "From: ceo@bank.example.test\r\nTo: bob@example.test\r\n"
                + "Subject: hidden\r\n\r\nbody\r\n");
        // refused, by mxpack (552 5.3.4) or by James itself; never accepted without DMARC
        assertThat(r.isPositive()).as(r.toString()).isFalse();
        assertThat(r.toString()).startsWith("552 5.3.4");
    }

    @Test
    void guessingRecipientsEndsTheConnection() throws Exception {
        try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
            assertThat(c.ehlo("mail.guesser.example").code()).isEqualTo(250);
            assertThat(c.mailFrom("x@pass.example.test").code()).isEqualTo(250);
            for (int i = 1; i < 10; i++) {
                assertThat(c.rcptTo("guess" + i + "@example.test").toString()).startsWith("550 5.1.1");
            }
            assertThat(c.rcptTo("guess10@example.test").toString()).isEqualTo(
                    "421 4.7.0 Too many refused recipients: 10 refused recipients, closing the connection");
            boolean closed;
            try {
                closed = !c.rcptTo("bob@example.test").isPositive();
            } catch (IOException e) {
                closed = true;
            }
            assertThat(closed).as("no more tries on this connection").isTrue();
        }
    }

    private static SmtpReply send(String sender, String message) throws Exception {
        try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
            assertThat(c.ehlo("mail.sender.example").code()).isEqualTo(250);
            return c.send(sender, List.of("bob@example.test"), message);
        }
    }
}
