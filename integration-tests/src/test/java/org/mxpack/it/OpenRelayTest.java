package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.testkit.JamesProcess;
import org.mxpack.testkit.SmtpClient;
import org.mxpack.testkit.SmtpReply;

/**
 * The MX relays nothing for an outside client: nmap's {@code smtp-open-relay} script (a real, public
 * open-relay probe) and the classic address tricks against a real James 3.8.1 with the shipped
 * configuration. A missing nmap skips the nmap part, unless {@code MXPACK_REQUIRE_PEERS=1} (CI).
 */
class OpenRelayTest {
    private static PackRun run;
    private static JamesProcess james;

    @BeforeAll
    static void start() throws Exception {
        run = PackRun.start("sender    TXT \"v=spf1 ip4:127.0.0.0/8 -all\"\n", b -> b);
        james = run.james();
    }

    @AfterAll
    static void stop() {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void noAddressTrickReachesAForeignDestination() throws Exception {
        List<String> tricks = List.of(
                "victim@external.example",
                "victim%external.example@example.test",
                "@example.test:victim@external.example",
                "\"victim@external.example\"@example.test",
                "external.example!victim@example.test",
                "victim@external.example.",
                "victim@[192.0.2.1]",
                "victim@[IPv6:2001:db8::1]",
                "SRS0=abcd=TT=external.example=victim@example.test",
                "bob@example.test@external.example",
                "victim@EXTERNAL.example");
        List<String> accepted = new ArrayList<>();
        for (String rcpt : tricks) {
            try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
                c.ehlo("relay.tester.example");
                SmtpReply mail = c.mailFrom("x@sender.example.test");
                assertThat(mail.code()).as(c.transcript()).isEqualTo(250);
                SmtpReply r = c.command("RCPT TO:<" + rcpt + ">");
                if (r.isPositive()) {
                    accepted.add(rcpt + " -> " + r);
                }
            }
        }
        assertThat(accepted).as("recipients accepted for relaying").isEmpty();
    }

    @Test
    void nmapFindsNoOpenRelay() throws Exception {
        String nmap = which("nmap");
        Assumptions.assumeTrue(org.mxpack.testkit.Peers.present("nmap (its smtp-open-relay probe)", nmap != null),
                "nmap not installed");
        // -sV: the script runs on ports nmap recognises as SMTP, and ours is not 25
        Process p = new ProcessBuilder(nmap, "-Pn", "-n", "-sV", "--version-light", "-p", Integer.toString(james.smtpPort()),
                "--script", "smtp-open-relay",
                "--script-args", "smtp-open-relay.domain=relay.tester.example,smtp-open-relay.ip=127.0.0.1,"
                        + "smtp-open-relay.from=x@sender.example.test,smtp-open-relay.to=victim@external.example",
                "127.0.0.1").redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).as(out).contains("smtp-open-relay");
        assertThat(out).as(out).contains("doesn't seem to be an open relay").doesNotContain("is an open relay");
    }

    private static String which(String tool) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
        String path = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.waitFor() == 0 && !path.isEmpty() ? path : null;
    }
}
