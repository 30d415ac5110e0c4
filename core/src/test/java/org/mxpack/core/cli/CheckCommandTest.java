package org.mxpack.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mxpack.testkit.LoopbackDnsServer;

/** {@code mxpack check} over a conf folder and the real loopback DNS server. */
class CheckCommandTest {
    private static LoopbackDnsServer dns;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        dns = LoopbackDnsServer.start();
        dns.loadZone(String.join("\n",
                "$ORIGIN test.",
                "good.example   IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"",
                "forger.example IN TXT \"v=spf1 -all\"",
                "_dmarc.strict  IN TXT \"v=DMARC1; p=reject\"",
                ""), "test.");
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    private Path conf() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(conf.resolve("smtpserver.xml"), String.join("\n",
                "<smtpservers><smtpserver><handlerchain>",
                "  <handler class=\"org.mxpack.smtp.ClientHook\"><block>.bad.test</block></handler>",
                "  <handler class=\"org.mxpack.smtp.SenderHook\"/>",
                "  <handler class=\"org.mxpack.smtp.RecipientHook\"/>",
                "  <handler class=\"org.mxpack.smtp.MessageHook\"/>",
                "</handlerchain></smtpserver></smtpservers>"));
        Files.writeString(conf.resolve("mxpack.xml"), "<mxpack><hostName>mx.example.test</hostName></mxpack>");
        return conf;
    }

    private List<JsonNode> run(String... lines) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new CheckCommand().run(List.of("--conf", conf().toString(), "--dns", dns.address(),
                "--dns-timeout", "1000", "--local-domain", "example.test", "--json", "--stdin"),
                new BufferedReader(new StringReader(String.join("\n", lines))),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> result = new java.util.ArrayList<>();
        for (String l : out.toString(StandardCharsets.UTF_8).split("\n")) {
            result.add(json.readTree(l));
        }
        return result;
    }

    private Path message(String from) throws Exception {
        Path m = dir.resolve("m-" + from.hashCode() + ".eml");
        Files.writeString(m, "From: " + from + "\r\nTo: bob@example.test\r\nSubject: hi\r\n\r\nhello\r\n");
        return m;
    }

    @Test
    void everyStageAnswersAsTheHooksWould() throws Exception {
        String good = message("a@good.example.test").toString();
        List<JsonNode> r = run(
                "{\"ip\":\"192.0.2.1\",\"helo\":\"mail.good.example.test\",\"mail_from\":\"a@good.example.test\","
                        + "\"rcpt\":[\"bob@example.test\",\"x@elsewhere.test\"],\"file\":\"" + good + "\"}",
                "{\"ip\":\"192.0.2.1\",\"helo\":\"mail.good.example.test\",\"mail_from\":\"a@forger.example.test\","
                        + "\"rcpt\":[\"bob@example.test\"],\"file\":\"" + good + "\"}",
                "{\"ip\":\"192.0.2.1\",\"helo\":\"host.bad.test\",\"mail_from\":\"a@good.example.test\",\"rcpt\":[\"bob@example.test\"]}",
                "not json");
        JsonNode ok = r.get(0);
        assertThat(ok.get("connect").asText()).isEqualTo("220 mx.example.test ESMTP");
        assertThat(ok.get("helo").asText()).startsWith("250");
        assertThat(ok.get("mail").asText()).startsWith("250");
        assertThat(ok.get("rcpt").get(0).asText()).startsWith("250");
        assertThat(ok.get("rcpt").get(1).asText()).isEqualTo("550 5.1.1 <x@elsewhere.test>: no route to this recipient here");
        assertThat(ok.get("data").asText()).startsWith("250");
        assertThat(ok.get("authentication_results").asText()).startsWith("Authentication-Results: mx.example.test;")
                .contains("spf=pass").doesNotContain("\r\n");

        // DMARC is on at end of DATA, so the SPF fail waits there for an aligned DKIM pass (RFC 7489
        // 10.1); this message has none, so it is refused after DATA with the same reply
        assertThat(r.get(1).get("mail").asText()).startsWith("250");
        assertThat(r.get(1).get("data").asText())
                .isEqualTo("550 5.7.23 SPF: forger.example.test does not designate 192.0.2.1 as permitted sender");

        assertThat(r.get(2).get("helo").asText()).startsWith("550 5.7.1 Client host rejected: HELO name host.bad.test");
        assertThat(r.get(2).get("mail").isNull()).isTrue();

        assertThat(r.get(3).has("error")).isTrue();
    }

    @Test
    void dmarcRejectAtData() throws Exception {
        String strict = message("boss@strict.test").toString();
        List<JsonNode> r = run("{\"ip\":\"192.0.2.1\",\"helo\":\"mail.good.example.test\","
                + "\"mail_from\":\"a@good.example.test\",\"rcpt\":[\"bob@example.test\"],\"file\":\"" + strict + "\"}");
        assertThat(r.get(0).get("data").asText())
                .isEqualTo("550 5.7.26 DMARC: message failed strict.test policy (p=reject)");
        assertThat(r.get(0).get("authentication_results").isNull()).isTrue();
    }
}
