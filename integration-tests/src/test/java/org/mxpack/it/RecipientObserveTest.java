package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.mxpack.testkit.JamesProcess;
import org.mxpack.testkit.LoopbackDnsServer;
import org.mxpack.testkit.SmtpClient;

/** The route check in observe mode: would-be refusals are accepted and logged as SHADOW_REJECT. */
class RecipientObserveTest {
    @Test
    void observeModeAcceptsAndLogs() throws Exception {
        try (LoopbackDnsServer dns = LoopbackDnsServer.start();
             JamesProcess james = Pack.james()
                     .dns(dns.address())
                     .confEdit("smtpserver.xml", "<route><enabled>true</enabled><reject>true</reject>",
                             "<route><enabled>true</enabled><reject>false</reject>")
                     .start()) {
            try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
                c.ehlo("mail.sender.test");
                c.mailFrom("alice@sender.test");
                assertThat(c.rcptTo("nobody@example.test").code()).as(c.transcript()).isEqualTo(250);
                // not ours and not a relay domain: mxpack only observes, James's relay check still refuses
                assertThat(c.rcptTo("someone@elsewhere.test").toString()).startsWith("550 5.7.1 ");
            }
            assertThat(james.awaitLog("action=SHADOW_REJECT", Duration.ofSeconds(5))).isTrue();
            assertThat(james.log()).containsPattern(
                    "check=route action=SHADOW_REJECT .*rcpt=<nobody@example.test>.*reply=\"550 5.1.1 <nobody@example.test>: no route to this recipient here\"");
        }
    }
}
