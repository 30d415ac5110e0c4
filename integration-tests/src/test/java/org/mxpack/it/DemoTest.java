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
