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
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.testkit.LoopbackDnsServer;

class SpfCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LoopbackDnsServer server;

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackDnsServer.start();
        server.add("example.test", "TXT", "\"v=spf1 ip4:192.0.2.0/24 -all\"");
        server.add("mail.example.test", "TXT", "\"v=spf1 a -all\"");
        server.add("mail.example.test", "A", "192.0.2.25");
        server.servfail("broken.test");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String run(String stdin, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(List.of("--dns", server.address(), "--dns-timeout", "300",
                "--receiver", "mx.test"));
        argv.addAll(List.of(args));
        int rc = new SpfCommand().run(argv, new BufferedReader(new StringReader(stdin)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        assertThat(rc).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String line) throws Exception {
        return JSON.readValue(line, Map.class);
    }

    @Test
    void stdinLinesInOrder() throws Exception {
        String in = "{\"ip\":\"192.0.2.1\",\"helo\":\"mail.example.test\",\"mail_from\":\"user@example.test\"}\n"
                + "{\"ip\":\"198.51.100.1\",\"helo\":\"mail.example.test\",\"mail_from\":\"user@example.test\"}\n"
                + "not json\n"
                + "{\"ip\":\"192.0.2.25\",\"helo\":\"mail.example.test\",\"mail_from\":\"\"}\n"
                + "{\"ip\":\"192.0.2.1\",\"helo\":\"h\",\"mail_from\":\"a@broken.test\"}\n"
                + "{\"helo\":\"h\"}\n";
        String[] lines = run(in, "--stdin").split("\n");
        assertThat(lines).hasSize(6);
        Map<String, Object> pass = parse(lines[0]);
        assertThat(pass).containsEntry("result", "pass").containsEntry("explanation", "");
        assertThat((String) pass.get("received_spf")).startsWith("Received-SPF: pass (mx.test: ")
                .contains("receiver=mx.test");
        Map<String, Object> fail = parse(lines[1]);
        assertThat(fail).containsEntry("result", "fail");
        assertThat((String) fail.get("explanation")).contains("198.51.100.1");
        assertThat(parse(lines[2])).containsKey("error");
        Map<String, Object> nullSender = parse(lines[3]);
        assertThat(nullSender).containsEntry("result", "pass").containsEntry("domain", "mail.example.test");
        assertThat((String) nullSender.get("received_spf")).contains("postmaster@mail.example.test");
        assertThat(parse(lines[4])).containsEntry("result", "temperror");
        assertThat(parse(lines[5])).containsKey("error");
    }

    @Test
    void humanOutput() throws Exception {
        String out = run("", "--ip", "198.51.100.1", "--helo", "mail.example.test", "--mail-from", "u@example.test");
        assertThat(out).contains("result:      fail").contains("Received-SPF: fail (mx.test: ");
    }

    @Test
    void usage() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SpfCommand().run(List.of("--help"), new BufferedReader(new StringReader("")),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--stdin").contains("--dns HOST:PORT");
        assertThatThrownBy(() -> run("", "--ip", "not-an-ip", "--helo", "h")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> run("", "--helo", "h")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> run("", "--bogus")).isInstanceOf(UsageException.class);
    }
}
