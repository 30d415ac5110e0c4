package org.mxpack.core.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mxpack.core.srs.MailSrsTool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class SrsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOW = "1700000000";

    /** exit code, stdout, stderr. */
    private static String[] run(String input, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new SrsCommand().run(List.of(args), new BufferedReader(new StringReader(input)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(rc), out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void forwardPrintsTheAddress() throws Exception {
        String[] r = run("", "forward", "--secret", "mxpack-test-secret", "--domain", "fwd.example.net", "--now", NOW,
                "John.Doe+tag=x@Example.COM");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).isEqualTo("SRS0=jhU9=G3=Example.COM=John.Doe+tag=x@fwd.example.net\n");
        assertThat(r[2]).isEmpty();
    }

    @Test
    void reversePrintsTheOriginalOrFailsWithTheReason() throws Exception {
        String a = "SRS0=jhU9=G3=Example.COM=John.Doe+tag=x@fwd.example.net";
        String[] r = run("", "reverse", "--secret", "other", "--secret", "mxpack-test-secret", "--now", NOW, a);
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).isEqualTo("John.Doe+tag=x@Example.COM\n");
        String[] expired = run("", "reverse", "--secret", "mxpack-test-secret", "--max-age", "3",
                "--now", Long.toString(1_700_000_000L + 4 * 86_400), a);
        assertThat(expired[0]).isEqualTo("1");
        assertThat(expired[1]).isEmpty();
        assertThat(expired[2]).contains("expired");
        String[] forged = run("", "reverse", "--secret", "other", "--now", NOW, a);
        assertThat(forged[0]).isEqualTo("1");
        assertThat(forged[2]).contains("bad_hash");
        String[] foreign = run("", "reverse", "--secret", "other", "alice@example.com");
        assertThat(foreign[0]).isEqualTo("1");
        assertThat(foreign[2]).contains("not_srs");
    }

    @Test
    void forwardRefusesTheNullSenderAndLeavesOurDomainAlone() throws Exception {
        String[] nul = run("", "forward", "--secret", "s", "--domain", "fwd.example.net", "");
        assertThat(nul[0]).isEqualTo("1");
        assertThat(nul[2]).contains("null sender");
        assertThat(run("", "forward", "--secret", "s", "--domain", "fwd.example.net", "<>")[0]).isEqualTo("1");
        assertThat(run("", "forward", "--secret", "s", "--domain", "fwd.example.net", "alice")[2])
                .contains("without a domain");
        String[] ours = run("", "forward", "--secret", "s", "--domain", "fwd.example.net", "bob@fwd.example.net");
        assertThat(ours[0]).isEqualTo("0");
        assertThat(ours[1]).isEqualTo("bob@fwd.example.net\n");
    }

    @Test
    void usageErrors() {
        assertThatThrownBy(() -> run("", "forward", "--domain", "d", "a@b")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> run("", "forward", "--secret", "s", "a@b")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> run("", "--secret", "s", "a@b")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> run("", "sideways", "--secret", "s", "a@b")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> run("", "reverse", "--secret", "s")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> run("", "reverse", "--secret", "s", "a@b", "c@d")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> run("", "reverse", "--secret", "s", "--max-age", "x", "a@b"))
                .isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> run("", "reverse", "--secret", "s", "--max-age", "5000", "a@b"))
                .isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> run("", "reverse", "--secret", "s", "--hash-length", "4294967300", "a@b"))
                .isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> run("", "forward", "--secret", "s", "--domain", "d", "--separator", "_", "a@b"))
                .isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> run("", "reverse", "--secret", "s", "--now", "soon", "a@b"))
                .isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> run("", "reverse", "--secret", "s", "--bogus", "a@b"))
                .isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> run("", "forward", "--secret", "", "--domain", "d", "a@b"))
                .isInstanceOf(UsageException.class);
    }

    @Test
    void mainMapsUsageErrorsToExit2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(Main.run(List.of("srs", "forward", "a@b"), o, e)).isEqualTo(2);
        assertThat(Main.run(List.of("srs", "reverse", "--secret", "s", "a@b"), o, e)).isEqualTo(1);
    }

    @Test
    void help() throws Exception {
        String[] r = run("", "--help");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).contains("mxpack srs forward --secret S", "--max-age DAYS", "--stdin");
    }

    @Test
    void secretFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("secrets");
        Files.writeString(f, "# rotated 2024-05\nnew-one\n\nmxpack-test-secret\n");
        String[] r = run("", "reverse", "--secret-file", f.toString(), "--now", NOW,
                "SRS0=jhU9=G3=Example.COM=John.Doe+tag=x@fwd.example.net");
        assertThat(r[1]).isEqualTo("John.Doe+tag=x@Example.COM\n");
    }

    @Test
    void stdinAnswersEveryLineInOrder() throws Exception {
        String in = "{\"address\":\"alice@example.com\"}\n"
                + "\n"
                + "not json\n"
                + "{\"address\":\"\"}\n"
                + "{\"address\":\"bob@example.org\",\"now\":0}\n"
                + "{\"nothing\":1}\n";
        String[] r = run(in, "forward", "--secret", "mxpack-test-secret", "--domain", "fwd.example.net",
                "--now", NOW, "--stdin");
        assertThat(r[0]).isEqualTo("0");
        String[] lines = r[1].split("\n");
        assertThat(lines).hasSize(5);
        JsonNode first = JSON.readTree(lines[0]);
        assertThat(first.get("outcome").asText()).isEqualTo("forwarded");
        assertThat(first.get("address").asText()).isEqualTo("SRS0=+IyW=G3=example.com=alice@fwd.example.net");
        assertThat(JSON.readTree(lines[1]).get("error").asText()).startsWith("bad JSON");
        JsonNode nul = JSON.readTree(lines[2]);
        assertThat(nul.get("outcome").asText()).isEqualTo("failed");
        assertThat(nul.get("error").asText()).isEqualTo("bad_input");
        assertThat(nul.get("error_class").asText()).isEqualTo("input");
        assertThat(JSON.readTree(lines[3]).get("address").asText()).contains("=AA=example.org=bob@");
        assertThat(JSON.readTree(lines[4]).get("error").asText()).contains("expected");

        String[] back = run("{\"address\":\"SRS0=+IyW=G3=example.com=alice@fwd.example.net\"}\n"
                + "{\"address\":\"SRS0=+IyW=G3=example.com=alice@fwd.example.net\",\"now\":1800000000}\n",
                "reverse", "--secret", "mxpack-test-secret", "--now", NOW, "--stdin");
        String[] b = back[1].split("\n");
        assertThat(JSON.readTree(b[0]).get("address").asText()).isEqualTo("alice@example.com");
        assertThat(JSON.readTree(b[1]).get("error").asText()).isEqualTo("expired");
    }

    @Test
    void cliAgreesWithMailSrsWithTheRealClock() throws Exception {
        MailSrsTool tool = MailSrsTool.require();
        String sender = "Some.One+x=y@Example.COM";
        String mine = run("", "forward", "--secret", "cli secret", "--domain", "fwd.example.net", sender)[1].trim();
        MailSrsTool.Run back = tool.run(MailSrsTool.options(List.of("cli secret"), "--reverse"), mine);
        assertThat(back.line()).isEqualTo(sender);
        String theirs = tool.run(MailSrsTool.options(List.of("cli secret"), "--alias=fwd.example.net"), sender).line();
        assertThat(run("", "reverse", "--secret", "cli secret", theirs)[1]).isEqualTo(sender + "\n");
    }
}
