package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mxpack.core.dkim.DkimSigner;
import org.mxpack.testkit.LoopbackDnsServer;

/**
 * The zip's offline CLI ({@code bin/mxpack}) ships only what it loads: every verb runs from {@code lib/}
 * alone, and every jar in {@code lib/} is loaded by at least one of these runs ({@code -verbose:class}).
 */
class CliDistributionTest {
    private static final Pattern LOADED = Pattern.compile("source: (?:jar:)?file:\\S*/lib/([^/!\\s]+\\.jar)");
    private static LoopbackDnsServer dns;

    @BeforeAll
    static void start() throws IOException {
        dns = LoopbackDnsServer.start();
        dns.add("example.com.", "TXT", "\"v=spf1 ip4:192.0.2.0/24 -all\"");
        dns.add("_dmarc.example.com.", "TXT", "\"v=DMARC1; p=reject\"");
        dns.add("1.2.0.192.in-addr.arpa.", "PTR", "mail.example.com.");
        dns.add("mail.example.com.", "A", "192.0.2.1");
        dns.add("2.0.0.127.zen.example.", "A", "127.0.0.2");
        // larger than any UDP answer size: the resolver must retry over TCP
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            StringBuilder s = new StringBuilder(i == 0 ? "v=spf1 " : "");
            for (int j = 1; s.length() < 230; j++) {
                s.append("ip4:198.51.").append(i).append('.').append(j).append(' ');
            }
            big.append('"').append(s).append("\" ");
        }
        dns.add("big.example.net.", "TXT", big.append("\"ip4:192.0.2.0/24 -all\"").toString());
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    @Test
    void everyVerbRunsAndEveryShippedJarIsLoaded(@TempDir Path tmp) throws Exception {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
        dns.add("ed._domainkey.example.com.", "TXT", "\"v=DKIM1; k=ed25519; p="
                + Base64.getEncoder().encodeToString(key.generatePublicKey().getEncoded()) + "\"");
        Path eml = tmp.resolve("signed.eml");
        Files.write(eml, DkimSigner.ed25519Sha256(key, "example.com", "ed").sign(("From: a@example.com\r\n"
                + "To: b@example.org\r\nSubject: hi\r\nDate: Thu, 03 Dec 2026 10:00:00 +0000\r\n"
                + "Message-ID: <1@example.com>\r\n\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII)));
        String d = dns.address();
        Set<String> loaded = new TreeSet<>();
        loaded.addAll(run(0, "--help"));
        for (String verb : List.of("spf", "dkim", "dmarc", "dnsbl", "iprev", "check", "srs", "doctor", "arc", "arc-seal")) {
            loaded.addAll(run(0, verb, "--help"));
        }
        loaded.addAll(run(0, "spf", "--dns", d, "--ip", "192.0.2.1", "--helo", "mail.example.com",
                "--mail-from", "a@example.com"));
        List<String> tcp = run(0, "spf", "--dns", d, "--ip", "192.0.2.1", "--helo", "mail.example.net",
                "--mail-from", "a@big.example.net");
        assertThat(tcp).as("DNS over TCP").contains(jar("netty-codec"));
        loaded.addAll(tcp);
        loaded.addAll(run(0, "dkim", "--dns", d, "--file", eml.toString()));
        loaded.addAll(run(0, "dmarc", "--dns", d, "--from", "a@example.com", "--spf", "example.com:pass"));
        loaded.addAll(run(1, "dnsbl", "--dns", d, "--zone", "zen.example", "--ip", "127.0.0.2"));
        loaded.addAll(run(0, "iprev", "--dns", d, "--ip", "192.0.2.1"));
        loaded.addAll(run(0, "check", "--dns", d, "--local-domain", "example.org", "--ip", "192.0.2.1",
                "--helo", "mail.example.com", "--mail-from", "a@example.com", "--rcpt", "b@example.org",
                "--file", eml.toString()));
        Path home = InstallTest.stockHome();
        InstallTest.install(home, d);
        loaded.addAll(run(0, "doctor", "--james", home.toString()));
        loaded.addAll(run(0, "srs", "forward", "--secret", "s3cret", "--domain", "fwd.example", "a@example.com"));

        Set<String> shipped;
        try (Stream<Path> s = Files.list(Pack.distribution().resolve("lib"))) {
            shipped = s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(loaded).as("jars the CLI loaded").containsExactlyElementsOf(shipped);
    }

    private static String jar(String artifact) throws IOException {
        try (Stream<Path> s = Files.list(Pack.distribution().resolve("lib"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(artifact + "-")).findFirst()
                    .orElseThrow();
        }
    }

    /** Runs bin/mxpack, checks its exit code and returns the lib/ jars it loaded classes from. */
    private static List<String> run(int exit, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", Pack.distribution().resolve("bin/mxpack").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("JAVA_TOOL_OPTIONS", "-verbose:class");
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        String shown = text.lines().filter(l -> !l.startsWith("[")).collect(Collectors.joining("\n"));
        assertThat(p.exitValue()).as(String.join(" ", args) + "\n" + shown).isEqualTo(exit);
        assertThat(shown).as(String.join(" ", args)).doesNotContain("NoClassDefFoundError", "ClassNotFoundException");
        List<String> jars = new ArrayList<>();
        Matcher m = LOADED.matcher(text);
        while (m.find()) {
            jars.add(m.group(1));
        }
        return jars;
    }
}
