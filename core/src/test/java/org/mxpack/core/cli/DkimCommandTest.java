package org.mxpack.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.core.ConformanceData;
import org.mxpack.testkit.LoopbackDnsServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class DkimCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LoopbackDnsServer server;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        dir = ConformanceData.dir().resolve("dkim");
        server = LoopbackDnsServer.start();
        org.mxpack.core.dkim.DkimConformanceTestAccess.loadKeys(server, dir.resolve("keys.dat"));
    }

    @AfterAll
    static void stop() {
        if (server != null) { // null when the conformance data is absent and @BeforeAll was skipped
            server.close();
        }
    }

    private static String run(String input, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(List.of("--dns", server.address(), "--dns-timeout", "300"));
        argv.addAll(List.of(args));
        int rc = new DkimCommand().run(argv, new BufferedReader(new StringReader(input)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return rc + "\n" + out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void stdinAnswersEveryLineInOrder() throws Exception {
        List<String[]> rows = new ArrayList<>();
        StringBuilder in = new StringBuilder();
        for (String line : Files.readAllLines(dir.resolve("expected.tsv"))) {
            if (line.startsWith("#") || line.startsWith("file\t") || line.isBlank()) {
                continue;
            }
            String[] r = line.split("\t");
            rows.add(r);
            in.append(JSON.writeValueAsString(java.util.Map.of("file", dir.resolve(r[0]).toString()))).append('\n');
        }
        in.append("not json\n{\"file\":\"/nonexistent.eml\"}\n");
        long start = System.nanoTime();
        String[] lines = run(in.toString(), "--stdin", "--allow-rsa-sha1", "--min-rsa-bits", "0",
                "--now", "1735689600").split("\n");
        assertThat(System.nanoTime() - start).as("61 messages in a few seconds").isLessThan(10_000_000_000L);
        assertThat(lines[0]).isEqualTo("0");
        assertThat(lines).hasSize(rows.size() + 3);
        for (int i = 0; i < rows.size(); i++) {
            JsonNode n = JSON.readTree(lines[i + 1]);
            assertThat(n.get("result").asText()).as(rows.get(i)[0]).isIn(rows.get(i)[1], "permerror");
            assertThat(n.get("signatures").isArray()).isTrue();
        }
        assertThat(JSON.readTree(lines[rows.size() + 1]).has("error")).isTrue();
        assertThat(JSON.readTree(lines[rows.size() + 2]).has("error")).isTrue();
    }

    @Test
    void exactJsonShape() throws Exception {
        String in = "{\"file\":\"" + dir.resolve("mail-dkim/corpus/multiple_2.txt") + "\"}\n";
        String[] lines = run(in, "--stdin", "--now", "1735689600").split("\n");
        JsonNode n = JSON.readTree(lines[1]);
        assertThat(n.get("result").asText()).isEqualTo("policy");
        JsonNode first = n.get("signatures").get(1);
        assertThat(first.fieldNames()).toIterable().containsExactly("d", "s", "a", "result", "reason");
        assertThat(first.get("d").asText()).isEqualTo("messiah.edu");
        assertThat(first.get("result").asText()).isEqualTo("policy");
        assertThat(n.get("signatures")).hasSize(4);
    }

    @Test
    void humanOutputAndExitCodes() throws Exception {
        String pass = run("", "--file", dir.resolve("rfc8463/rfc8463-a3-relaxed.eml").toString());
        assertThat(pass).startsWith("0\ndkim=pass");
        assertThat(pass).contains("signature 1: pass d=football.example.com s=brisbane a=ed25519-sha256");
        String none = run("", "--file", dir.resolve("mail-dkim/corpus/good_dk_gmail.txt").toString());
        assertThat(none).startsWith("1\ndkim=none");
        assertThat(run("", "--help")).contains("--allow-rsa-sha1");
    }

    @Test
    void usageErrors() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run("", "--bogus"))
                .isInstanceOf(UsageException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(""))
                .isInstanceOf(UsageException.class);
    }
}
