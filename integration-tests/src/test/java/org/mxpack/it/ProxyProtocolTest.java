package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.testkit.JamesProcess;
import org.mxpack.testkit.ProxyHeader;
import org.mxpack.testkit.SmtpClient;
import org.mxpack.testkit.SmtpReply;

/**
 * James behind a load balancer ({@code <proxyRequired>true</proxyRequired>}, HAProxy PROXY protocol):
 * every check judges the client the balancer names, never the balancer (here 127.0.0.1).
 */
class ProxyProtocolTest {
    private static PackRun run;
    private static JamesProcess james;

    @BeforeAll
    static void start() throws Exception {
        run = PackRun.start(String.join("\n",
                "only7     TXT \"v=spf1 ip4:192.0.2.7 -all\"",
                "only6     TXT \"v=spf1 ip6:2001:db8::7 -all\"",
                "loop      TXT \"v=spf1 ip4:127.0.0.0/8 -all\"",
                "7.2.0.192.dnsbl A 127.0.0.2",
                ""), b -> Pack.spfFailAtMailFrom(b)
                .confEdit("smtpserver.xml", "<smtpGreeting>ESMTP</smtpGreeting>",
                        "<smtpGreeting>ESMTP</smtpGreeting><proxyRequired>true</proxyRequired>")
                .confEdit("smtpserver.xml", "<!-- <zone>zen.spamhaus.org:127.0.0.2-127.0.0.11</zone> -->",
                        "<zone>dnsbl.example.test</zone>"));
        james = run.james();
    }

    @AfterAll
    static void stop() {
        if (run != null) {
            run.close();
        }
    }

    private static SmtpReply mailFrom(byte[] proxyHeader, String sender) throws Exception {
        try (SmtpClient c = SmtpClient.connectThroughProxy(james.smtpPort(), proxyHeader)) {
            assertThat(c.ehlo("mail.client.example").code()).as(c.transcript()).isEqualTo(250);
            return c.mailFrom(sender);
        }
    }

    @Test
    void spfJudgesTheProxiedIpv4ClientGivenByAVersion1Header() throws Exception {
        byte[] v1 = ProxyHeader.v1("192.0.2.7", 40000, "127.0.0.1", 25);
        assertThat(mailFrom(v1, "alice@only7.example.test").code()).isEqualTo(250);
        assertThat(mailFrom(v1, "alice@loop.example.test").toString())
                .isEqualTo("550 5.7.23 SPF: loop.example.test does not designate 192.0.2.7 as permitted sender");
    }

    @Test
    void spfJudgesTheProxiedIpv6ClientGivenByAVersion2Header() throws Exception {
        byte[] v2 = ProxyHeader.v2("2001:db8::7", 40000, "2001:db8::25", 25);
        assertThat(mailFrom(v2, "alice@only6.example.test").code()).isEqualTo(250);
        assertThat(mailFrom(v2, "alice@loop.example.test").toString())
                .isEqualTo("550 5.7.23 SPF: loop.example.test does not designate 2001:db8::7 as permitted sender");
    }

    @Test
    void dnsblAndTheLogJudgeTheProxiedClient() throws Exception {
        try (SmtpClient c = SmtpClient.connectThroughProxy(james.smtpPort(),
                ProxyHeader.v2("192.0.2.7", 40001, "127.0.0.1", 25))) {
            assertThat(c.ehlo("mail.client.example").code()).isEqualTo(250);
            assertThat(c.mailFrom("alice@only7.example.test").code()).isEqualTo(250);
            assertThat(c.rcptTo("bob@example.test").toString())
                    .startsWith("550 5.7.1 Client host rejected: 192.0.2.7 is listed on dnsbl.example.test");
        }
        assertThat(james.awaitLog("check=dnsbl", Duration.ofSeconds(5))).isTrue();
        assertThat(james.log().lines().filter(l -> l.contains("check=dnsbl")))
                .allMatch(l -> l.contains("192.0.2.7") && !l.contains("ip=127.0.0.1"));
    }
}
