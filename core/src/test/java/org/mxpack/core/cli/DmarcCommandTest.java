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

class DmarcCommandTest {
    private static LoopbackDnsServer server;

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackDnsServer.start();
        server.add("_dmarc.example.test", "TXT", "\"v=DMARC1; p=reject; sp=quarantine\"");
        server.servfail("_dmarc.broken.test");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String[] run(String input, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(List.of("--dns", server.address(), "--dns-timeout", "500"));
        argv.addAll(List.of(args));
        int code = new DmarcCommand().run(argv, new BufferedReader(new StringReader(input)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        String text = out.toString(StandardCharsets.UTF_8);
        return (code + "\n" + text).split("\n");
    }

    @Test
    void stdinContract() throws Exception {
        String[] lines = run(String.join("\n",
                "{\"header_from\":\"user@example.test\",\"spf\":[{\"domain\":\"example.test\",\"result\":\"pass\"}],\"dkim\":[]}",
                "{\"header_from\":\"mail.example.test\",\"spf\":[{\"domain\":\"example.test\",\"result\":\"fail\"}],"
                        + "\"dkim\":[{\"domain\":\"other.test\",\"result\":\"pass\"}]}",
                "{\"header_from\":\"user@nothing.test\"}",
                "{\"header_from\":\"user@broken.test\"}",
                "not json",
                "{\"spf\":[]}",
                "{\"header_from\":\"a@b..c\"}"), "--stdin");
        assertThat(lines[0]).isEqualTo("0");
        assertThat(lines[1]).isEqualTo(
                "{\"result\":\"pass\",\"policy\":\"reject\",\"domain\":\"example.test\",\"org_domain\":\"example.test\"}");
        assertThat(lines[2]).isEqualTo(
                "{\"result\":\"fail\",\"policy\":\"quarantine\",\"domain\":\"example.test\",\"org_domain\":\"example.test\"}");
        assertThat(lines[3]).isEqualTo(
                "{\"result\":\"none\",\"policy\":\"none\",\"domain\":\"nothing.test\",\"org_domain\":\"nothing.test\"}");
        assertThat(lines[4]).startsWith("{\"result\":\"temperror\",\"policy\":\"none\"");
        assertThat(lines[5]).startsWith("{\"error\":");
        assertThat(lines[6]).startsWith("{\"error\":");
        assertThat(lines[7]).startsWith("{\"result\":\"permerror\"");
        assertThat(lines).hasSize(8);
    }

    @Test
    void manyLinesAreFast() throws Exception {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            in.append("{\"header_from\":\"u@h").append(i).append(".example.test\",\"dkim\":[\"example.test\"]}\n");
        }
        long t0 = System.nanoTime();
        String[] lines = run(in.toString(), "--stdin");
        assertThat(lines).hasSize(201);
        assertThat(lines[200]).contains("\"result\":\"pass\"");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5000);
    }

    @Test
    void humanFormAndExitCodes() throws Exception {
        String[] pass = run("", "--from", "user@example.test", "--dkim", "example.test");
        assertThat(pass[0]).isEqualTo("0");
        assertThat(pass[1]).isEqualTo("dmarc=pass policy=reject disposition=none");
        assertThat(run("", "--from", "example.test", "--spf", "example.test:softfail")[0]).isEqualTo("1");
        assertThat(run("", "--from", "broken.test")[0]).isEqualTo("3");
        assertThat(run("", "--help")[1]).startsWith("usage: mxpack dmarc");
        assertThatThrownBy(() -> run("")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> run("", "--psl", "/nonexistent/psl.dat", "--stdin"))
                .isInstanceOf(UsageException.class);
    }
}
