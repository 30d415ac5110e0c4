package org.mxpack.core.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.testkit.LoopbackDnsServer;

class DnsblCommandTest {
    private static LoopbackDnsServer server;

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackDnsServer.start();
        server.add("2.0.0.192.bl.test", "A", "127.0.0.2");
        server.add("2.0.0.192.bl.test", "TXT", "\"listed for spam\"");
        server.add("3.0.0.192.bl.test", "A", "127.255.255.254");
        server.servfail("4.0.0.192.bl.test");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String[] run(String input, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(List.of("--dns", server.address(), "--dns-timeout", "500"));
        argv.addAll(List.of(args));
        int code = new DnsblCommand().run(argv, new BufferedReader(new StringReader(input)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        return (code + "\n" + out.toString(StandardCharsets.UTF_8)).split("\n");
    }

    @Test
    void humanFormAndExitCodes() throws Exception {
        String[] listed = run("", "--zone", "bl.test:127.0.0.2-127.0.0.11", "--ip", "192.0.0.2");
        assertThat(listed[0]).isEqualTo("1");
        assertThat(listed[1]).isEqualTo("192.0.0.2: listed (score 1, threshold 1)");
        assertThat(listed).contains("reason: listed on bl.test (127.0.0.2: listed for spam)");
        String[] refused = run("", "--zone", "bl.test", "--ip", "192.0.0.3");
        assertThat(refused[0]).isEqualTo("0");
        assertThat(refused).anyMatch(l -> l.contains("error_answer (127.255.255.254)"));
        assertThat(run("", "--zone", "bl.test", "--ip", "192.0.0.4")[0]).isEqualTo("3");
        assertThat(run("", "--zone", "bl.test", "--ip", "192.0.0.5")[0]).isEqualTo("0");
    }

    @Test
    void stdin() throws Exception {
        String[] lines = run("{\"ip\":\"192.0.0.2\"}\n{\"ip\":\"example.com\"}\n{\"ip\":\"999.1.1.1\"}\n",
                "--zone", "bl.test", "--stdin");
        assertThat(lines[1]).startsWith("{\"ip\":\"192.0.0.2\",\"result\":\"listed\",\"score\":1");
        assertThat(lines[2]).startsWith("{\"error\":\"not an IP address");
        assertThat(lines[3]).startsWith("{\"error\":\"not an IP address");
    }

    @Test
    void usageErrors() {
        assertThatThrownBy(() -> run("", "--ip", "192.0.0.2")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> run("", "--zone", "bl.test:10.0.0.1", "--ip", "192.0.0.2"))
                .hasMessageContaining("outside 127.0.0.0/8");
        assertThatThrownBy(() -> run("", "--zone", "bl.test", "--ip", "mail.example.com"))
                .hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> run("", "--zone", "bl.test", "--threshold", "0", "--ip", "192.0.0.2"))
                .isInstanceOf(UsageException.class);
    }
}
