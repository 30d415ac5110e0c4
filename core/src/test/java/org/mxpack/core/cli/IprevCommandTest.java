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

class IprevCommandTest {
    private static LoopbackDnsServer server;

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackDnsServer.start();
        server.add("1.2.0.192.in-addr.arpa", "PTR", "mail.example.test.");
        server.add("mail.example.test", "A", "192.0.2.1");
        server.servfail("3.2.0.192.in-addr.arpa");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String[] run(String input, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(List.of("--dns", server.address(), "--dns-timeout", "500"));
        argv.addAll(List.of(args));
        int code = new IprevCommand().run(argv, new BufferedReader(new StringReader(input)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        return (code + "\n" + out.toString(StandardCharsets.UTF_8)).split("\n");
    }

    @Test
    void humanFormAndExitCodes() throws Exception {
        String[] pass = run("", "--ip", "192.0.2.1");
        assertThat(pass[0]).isEqualTo("0");
        assertThat(pass[1]).isEqualTo("iprev=pass policy.iprev=192.0.2.1 (mail.example.test)");
        assertThat(run("", "--ip", "192.0.2.2")[0]).isEqualTo("1");
        assertThat(run("", "--ip", "192.0.2.3")[0]).isEqualTo("3");
        assertThatThrownBy(() -> run("", "--ip", "mail.example.test")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> run("")).isInstanceOf(UsageException.class);
    }

    @Test
    void stdin() throws Exception {
        String[] lines = run("{\"ip\":\"192.0.2.1\"}\n[]\n{\"ip\":\"192.0.2.2\"}\n", "--stdin");
        assertThat(lines[1]).startsWith("{\"ip\":\"192.0.2.1\",\"result\":\"pass\",\"name\":\"mail.example.test\"");
        assertThat(lines[2]).startsWith("{\"error\":");
        assertThat(lines[3]).contains("\"result\":\"permerror\"");
    }
}
