package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.mxpack.testkit.Ports;
import org.mxpack.testkit.SmtpClient;

/** {@code ./mxpack demo} as a new user runs it from the README: it answers, refuses, and stops cleanly. */
class DemoTest {
    @Test
    void demoAcceptsAndRefusesThenStopsEverything() throws Exception {
        int port = Ports.free();
        Path out = Files.createTempFile("mxpack-demo-", ".out");
        Process demo = new ProcessBuilder("bash", Pack.root().resolve("mxpack").toString(), "demo", "--port", Integer.toString(port))
                .directory(Pack.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        try {
            long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!Files.readString(out).contains("Try:") && demo.isAlive() && System.nanoTime() < end) {
                Thread.sleep(200);
            }
            String banner = Files.readString(out);
            assertThat(banner).as(banner).contains("Try:").contains("swaks --server 127.0.0.1:" + port);
            try (SmtpClient c = SmtpClient.connect(port)) {
                assertThat(c.greeting().code()).isEqualTo(220);
                assertThat(c.ehlo("mail.good.example").code()).isEqualTo(250);
            }
            try (SmtpClient c = SmtpClient.connect(port)) {
                assertThat(c.ehlo("spam.example.org").toString()).startsWith("550 5.7.1 Client host rejected:");
            }
            // an SPF fail waits for end of DATA (an aligned DKIM pass could rescue it), then is refused
            try (SmtpClient c = SmtpClient.connect(port)) {
                c.ehlo("mail.good.example");
                assertThat(c.mailFrom("ceo@forger.example").code()).isEqualTo(250);
                assertThat(c.rcptTo("bob@example.test").code()).isEqualTo(250);
                assertThat(c.data("From: ceo@forger.example\r\nTo: bob@example.test\r\nSubject: x\r\n\r\nhi\r\n")
                        .toString()).startsWith("550 5.7.23 SPF: forger.example");
            }
            // one refusal per stage, as the banner's swaks examples show them
            try (SmtpClient c = SmtpClient.connect(port)) {
                c.ehlo("mail.good.example");
                assertThat(c.mailFrom("info@nullmx.example").toString()).startsWith("550 5.7.27 ");
                assertThat(c.mailFrom("alice@good.example").code()).isEqualTo(250);
                assertThat(c.rcptTo("nobody@example.test").toString())
                        .isEqualTo("550 5.1.1 <nobody@example.test>: no route to this recipient here");
                assertThat(c.rcptTo("bob@example.test").code()).isEqualTo(250);
                assertThat(c.data("From: boss@strict.example\r\nTo: bob@example.test\r\nSubject: x\r\n\r\nhi\r\n")
                        .toString()).isEqualTo("550 5.7.26 DMARC: message failed strict.example policy (p=reject)");
            }
            try (SmtpClient c = SmtpClient.connectFrom("127.0.0.2", port)) {
                c.ehlo("mail.good.example");
                c.mailFrom("alice@good.example");
                assertThat(c.rcptTo("bob@example.test").toString())
                        .startsWith("550 5.7.1 Client host rejected: 127.0.0.2 is listed on bl.demo.test");
            }
            // the demo's forward: carol@example.test -> carol@elsewhere.example, SRS sender, printed by the sink
            try (SmtpClient c = SmtpClient.connect(port)) {
                assertThat(c.ehlo("mail.good.example").code()).isEqualTo(250);
                assertThat(c.send("alice@good.example", java.util.List.of("carol@example.test"),
                        "From: alice@good.example\r\nTo: carol@example.test\r\nSubject: demo forward\r\n\r\nhi\r\n")
                        .code()).as(c.transcript()).isEqualTo(250);
            }
            long sent = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!Files.readString(out).contains("Subject: demo forward") && System.nanoTime() < sent) {
                Thread.sleep(200);
            }
            assertThat(Files.readString(out)).contains(
                    "sink received: MAIL FROM:<SRS0=").contains("=good.example=alice@fwd.example.test> RCPT TO:[carol@elsewhere.example]");
        } finally {
            demo.destroy(); // SIGTERM to the demo JVM (the script execs it): the same shutdown path as Ctrl-C
            demo.waitFor(30, TimeUnit.SECONDS);
        }
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Ports.listening(port) && System.nanoTime() < end) {
            Thread.sleep(200);
        }
        assertThat(Ports.listening(port)).as("James stopped with the demo").isFalse();
        assertThat(Files.readString(out)).contains("stopping");
        new File(out.toString()).delete();
    }
}
