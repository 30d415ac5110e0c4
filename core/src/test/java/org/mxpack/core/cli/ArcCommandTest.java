package org.mxpack.core.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mxpack.testkit.LoopbackDnsServer;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The {@code arc} and {@code arc-seal} verbs, to the letter of their contract (docs/cli.md). */
class ArcCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOW = "1700000000";
    private static final String MESSAGE = "From: Joe <joe@origin.test>\r\nTo: list@lists.test\r\nSubject: hello\r\n"
            + "Date: Tue, 14 Nov 2023 22:13:20 +0000\r\nMessage-ID: <1@origin.test>\r\n\r\nHello.\r\n";
    @TempDir
    static Path dir;
    private static LoopbackDnsServer server;
    private static Path pkcs8;

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackDnsServer.start();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        String p = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < p.length(); i += 255) {
            chunks.add(p.substring(i, Math.min(p.length(), i + 255)));
        }
        server.add(new TXTRecord(Name.fromString("arc._domainkey.mx.test."), DClass.IN, 300, chunks));
        pkcs8 = dir.resolve("key.pem");
        Files.writeString(pkcs8, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String arc(String input, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(List.of("--dns", server.address(), "--dns-timeout", "500"));
        argv.addAll(List.of(args));
        int rc = new ArcCommand().run(argv, new BufferedReader(new StringReader(input)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        return rc + "\n" + out.toString(StandardCharsets.UTF_8);
    }

    private static byte[] seal(byte[] message, String... extra) throws Exception {
        List<String> argv = new ArrayList<>(List.of("--domain", "mx.test", "--selector", "arc", "--key",
                pkcs8.toString(), "--authserv-id", "mx.test", "--dns", server.address(), "--now", NOW));
        argv.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = new ArcSealCommand().run(argv, new ByteArrayInputStream(message), out,
                new PrintStream(new ByteArrayOutputStream()));
        assertThat(rc).isZero();
        return out.toByteArray();
    }

    private static Path file(String name, byte[] content) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    @Test
    void stdinAnswersWithTheFourKeysInOrder() throws Exception {
        byte[] once = seal(MESSAGE.getBytes(StandardCharsets.UTF_8));
        byte[] twice = seal(once);
        Path none = file("none.eml", MESSAGE.getBytes(StandardCharsets.UTF_8));
        Path pass = file("pass.eml", twice);
        Path fail = file("fail.eml", new String(twice, StandardCharsets.ISO_8859_1).replace("Hello.", "Bye.")
                .getBytes(StandardCharsets.ISO_8859_1));
        StringBuilder in = new StringBuilder();
        for (Path p : List.of(none, pass, fail)) {
            in.append(JSON.writeValueAsString(Map.of("file", p.toString()))).append('\n');
        }
        in.append("not json\n{\"file\":\"/nonexistent.eml\"}\n");
        String[] lines = arc(in.toString(), "--now", NOW, "--stdin").split("\n");
        assertThat(lines[0]).isEqualTo("0");
        assertThat(lines).hasSize(6);
        JsonNode n = JSON.readTree(lines[1]);
        assertThat(n.fieldNames()).toIterable().containsExactly("arc", "instances", "oldest_pass", "reason");
        assertThat(lines[1]).isEqualTo("{\"arc\":\"none\",\"instances\":0,\"oldest_pass\":null,\"reason\":\"no ARC sets\"}");
        assertThat(lines[2]).isEqualTo("{\"arc\":\"pass\",\"instances\":2,\"oldest_pass\":0,\"reason\":\"\"}");
        assertThat(lines[3]).isEqualTo("{\"arc\":\"fail\",\"instances\":2,\"oldest_pass\":null,\"reason\":"
                + "\"ARC-Message-Signature i=2 did not validate: body hash did not verify\"}");
        assertThat(JSON.readTree(lines[4]).has("error")).isTrue();
        assertThat(JSON.readTree(lines[5]).has("error")).isTrue();
    }

    @Test
    void arcSealIsReproducibleWithNowAndPutsOneSetOnTop() throws Exception {
        byte[] in = ("Authentication-Results: mx.test; spf=pass smtp.mailfrom=origin.test;\r\n dkim=none\r\n"
                + "Authentication-Results: other.test; spf=fail\r\n" + MESSAGE).getBytes(StandardCharsets.UTF_8);
        byte[] a = seal(in);
        byte[] b = seal(in);
        assertThat(a).isEqualTo(b);
        String text = new String(a, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("ARC-Seal: i=1; a=rsa-sha256; t=1700000000; cv=none; d=mx.test; s=arc;\r\n\tb=");
        assertThat(text).contains("\r\nARC-Message-Signature: i=1; a=rsa-sha256; c=relaxed/relaxed; d=mx.test; s=arc;"
                + " t=1700000000;\r\n\th=from:to:subject:date:message-id;\r\n\tbh=");
        assertThat(text).contains("\r\nARC-Authentication-Results: i=1; mx.test;\r\n\tspf=pass smtp.mailfrom=origin.test;"
                + "\r\n\tdkim=none;\r\n\tarc=none\r\nAuthentication-Results: mx.test;");
        assertThat(text).endsWith(MESSAGE);
        String verdict = arc("", "--now", NOW, "--file", file("sealed.eml", a).toString());
        assertThat(verdict).startsWith("0\narc=pass instances=1 oldest-pass=0");
    }

    @Test
    void usageAndKeyErrors() throws Exception {
        assertThatThrownBy(() -> new ArcSealCommand().run(List.of("--selector", "arc"), new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), new PrintStream(new ByteArrayOutputStream())))
                .isInstanceOf(UsageException.class).hasMessageContaining("--domain");
        Path bad = file("bad.pem", "not a key".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new ArcSealCommand().run(List.of("--domain", "mx.test", "--selector", "arc", "--key", bad.toString(),
                "--authserv-id", "mx.test"), new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot use the key file").doesNotContain("not a key");
        assertThatThrownBy(() -> arc("", "--bogus")).isInstanceOf(UsageException.class);
        assertThat(arc("", "--help")).contains("oldest_pass");
        assertThat(Main.available()).containsKeys("arc", "arc-seal");
    }
}
