package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.core.dkim.DkimSigner;
import org.mxpack.testkit.JamesProcess;
import org.mxpack.testkit.LoopbackDnsServer;
import org.mxpack.testkit.SmtpClient;
import org.mxpack.testkit.SmtpReply;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;

/**
 * An SPF fail held by the MAIL stage by default (MessageHook evaluates DMARC) is refused
 * at end of DATA with 550 5.7.23, unless a passing DKIM signature aligned with the author domain rescues
 * it (RFC 7489 §10.1). Skipped while the pack has no SenderHook.
 */
class HeldSpfTest {
    /** SenderHook at its defaults: MessageHook (listed before it, DMARC on) makes it hold an SPF fail. */
    private static final String SENDER_HOOK = "<handler class=\"org.mxpack.smtp.SenderHook\"/>";

    private static LoopbackDnsServer dns;
    private static JamesProcess james;
    private static DkimSigner held;
    private static DkimSigner other;

    static boolean packHasSenderHook() throws Exception {
        try (Stream<Path> jars = Files.list(Pack.distribution().resolve("extensions-jars"))) {
            for (Path jar : (Iterable<Path>) jars::iterator) {
                try (ZipFile z = new ZipFile(jar.toFile())) {
                    if (z.getEntry("org/mxpack/smtp/SenderHook.class") != null) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(packHasSenderHook(), "the pack has no MAIL stage hook (org.mxpack.smtp.SenderHook) yet");
        dns = LoopbackDnsServer.start();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        String key = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        for (String d : List.of("held.test", "other.test")) {
            dns.add(new TXTRecord(Name.fromString("sel._domainkey." + d + "."), DClass.IN, 300,
                    EndOfDataTest.chunks(key)));
        }
        // forwarded mail: the forwarder (127.0.0.1) is not in held.test's SPF, the signature survives
        dns.add("held.test", "TXT", "\"v=spf1 ip4:192.0.2.1 -all\"");
        held = DkimSigner.rsaSha256(pair.getPrivate(), "held.test", "sel");
        other = DkimSigner.rsaSha256(pair.getPrivate(), "other.test", "sel");
        james = Pack.james()
                .dns(dns.address())
                .confEdit("smtpserver.xml", "(?s)<handler class=\"org\\.mxpack\\.smtp\\.SenderHook\">.*?</handler>"
                        + "|<!-- \\(MAIL FROM checks: org\\.mxpack\\.smtp\\.SenderHook\\) -->", SENDER_HOOK)
                .start();
        james.addUser("bob@example.test", "secret");
    }

    @AfterAll
    static void stop() {
        if (james != null) {
            james.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    private static SmtpReply send(DkimSigner signer, String subject) throws Exception {
        String message = EndOfDataTest.message("Alice <alice@held.test>", subject);
        if (signer != null) {
            message = new String(signer.sign(message.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        }
        try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
            c.ehlo("forwarder.test");
            return c.send("alice@held.test", List.of("bob@example.test"), message);
        }
    }

    @Test
    void rescuedByAlignedDkim() throws Exception {
        assertThat(send(held, "rescued").code()).as(james.logTail(40)).isEqualTo(250);
    }

    @Test
    void notRescuedIsRefusedAtEndOfData() throws Exception {
        SmtpReply unsigned = send(null, "not rescued");
        assertThat(unsigned.toString()).startsWith("550 5.7.23 SPF: ");
        assertThat(send(other, "third party").toString()).startsWith("550 5.7.23 SPF: ");
        assertThat(james.awaitLog("check=spf-hold action=REJECT", java.time.Duration.ofSeconds(5))).isTrue();
    }
}
