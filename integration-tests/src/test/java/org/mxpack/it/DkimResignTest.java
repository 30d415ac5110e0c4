package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.core.dkim.DkimPolicy;
import org.mxpack.core.dkim.DkimResult;
import org.mxpack.core.dkim.DkimSignatureVerdict;
import org.mxpack.core.dkim.DkimSigner;
import org.mxpack.core.dkim.DkimVerdict;
import org.mxpack.core.dkim.DkimVerifier;
import org.mxpack.core.dns.DnsSettings;
import org.mxpack.core.dns.DnsjavaResolver;
import org.mxpack.testkit.JamesProcess;
import org.mxpack.testkit.LoopbackDnsServer;
import org.mxpack.testkit.Peers;
import org.mxpack.testkit.SmtpClient;
import org.mxpack.testkit.SmtpReply;
import org.mxpack.testkit.SmtpSink;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;

/**
 * DKIM re-signing of forwarded mail (issue 9, item 4), through a real James 3.8.1 running the SHIPPED
 * mailetcontainer.xml with its commented DKIMSign block switched on the way the operator guide says:
 * comment markers removed, d=/s= set, a PEM key generated now (never committed) pasted as
 * {@code <privateKey>}, its public half served by the loopback DNS server. A forwarded copy reaches the
 * next hop (the {@code world} sink) with our DKIM-Signature on top, d=the forwarding domain, and both it
 * and the author's signature verify in mxpack's own verifier and in dkimpy's {@code dkimverify};
 * a local delivery of the same transaction is not re-signed.
 */
class DkimResignTest {
    private static final String FWD_DOMAIN = "fwd.test";
    private static final String FWD_SELECTOR = "fwd";
    private static final String LOCAL_COPIES = "/mailRepositories/var%2Fmail%2Flocal-copy/mails";
    private static final Path DKIMVERIFY = Paths.get("/usr/bin/dkimverify");
    private static final Path PYTHON = Paths.get("/usr/bin/python3");
    private static LoopbackDnsServer dns;
    private static SmtpSink world;
    private static JamesProcess james;
    private static DkimSigner author;

    @BeforeAll
    static void start() throws Exception {
        dns = LoopbackDnsServer.start();
        world = SmtpSink.start();
        KeyPair authorKey = rsa();
        KeyPair fwdKey = rsa();
        publish("sel._domainkey.sender.test.", authorKey);
        publish(FWD_SELECTOR + "._domainkey." + FWD_DOMAIN + ".", fwdKey);
        dns.loadZone(String.join("\n",
                "$ORIGIN test.",
                "sender          IN TXT \"v=spf1 ip4:127.0.0.1 -all\"",
                "mail.sender     IN A   127.0.0.1",
                ""), "test.");
        author = DkimSigner.rsaSha256(authorKey.getPrivate(), "sender.test", "sel");
        // pasted as an admin would: the PEM lines indented like the XML around them
        String pem = pkcs1Pem((RSAPrivateCrtKey) fwdKey.getPrivate()).replace("\n", "\n                ");
        james = Pack.james()
                .dns(dns.address())
                .confEdit("mxpack.xml", "</mxpack>",
                        "<srs><domain>" + FWD_DOMAIN + "</domain><secret>resign-test-secret</secret></srs></mxpack>")
                // the shipped DKIMSign block, switched on as the operator guide says
                .confEdit("mailetcontainer.xml",
                        "(?s)<!--\\s*(<mailet match=\"SentByMailet\" class=\"org\\.apache\\.james\\.jdkim\\.mailets\\.DKIMSign\">.*?</mailet>)\\s*-->",
                        "$1")
                .confEdit("mailetcontainer.xml", "d=fwd\\.example\\.org; s=fwd;", "d=" + FWD_DOMAIN + "; s=" + FWD_SELECTOR + ";")
                .confEdit("mailetcontainer.xml", "PASTE THE PEM PRIVATE KEY HERE", Matcher.quoteReplacement(pem))
                .confEdit("mailetcontainer.xml", "<outgoing>outgoing</outgoing>",
                        "<outgoing>outgoing</outgoing><gateway>127.0.0.1</gateway><gatewayPort>"
                        + world.port() + "</gatewayPort>")
                .confEdit("mailetcontainer.xml", "<deliveryThreads>\\d+</deliveryThreads>",
                        "<deliveryThreads>1</deliveryThreads>")
                .confEdit("mailetcontainer.xml", "<mailet match=\"All\" class=\"LocalDelivery\"/>",
                        "<mailet match=\"All\" class=\"ToRepository\"><repositoryPath>memory://var/mail/local-copy/"
                        + "</repositoryPath><passThrough>true</passThrough></mailet>"
                        + "<mailet match=\"All\" class=\"LocalDelivery\"/>")
                .start();
        assertThat(Files.readString(james.workDir().resolve("conf/mailetcontainer.xml")))
                .as("the shipped DKIMSign block was switched on")
                .contains("<mailet match=\"SentByMailet\" class=\"org.apache.james.jdkim.mailets.DKIMSign\">")
                .contains("d=" + FWD_DOMAIN + "; s=" + FWD_SELECTOR + ";")
                .doesNotContain("PASTE THE PEM");
        james.addUser("bob@example.test", "secret");
        james.addUser("carol@example.test", "secret");
        assertThat(james.webadmin("PUT", "/address/forwards/carol@example.test/targets/carol@far.test", null))
                .isBetween(200, 299);

        send(List.of("carol@example.test"), author("plain", ""));
        send(List.of("carol@example.test"), author("mime",
                "Cc: Someone <someone@sender.test>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit\r\n"
                + "Reply-To: <alice@sender.test>\r\nX-Long: a header folded\r\n\tover two lines\r\n"));
        send(List.of("bob@example.test", "carol@example.test"), author("mixed", ""));
    }

    @AfterAll
    static void stop() {
        if (james != null) {
            james.close();
        }
        world.close();
        dns.close();
    }

    @Test
    void forwardedCopiesLeaveWithOurSignatureOnTopAndTheAuthorsBelow() throws Exception {
        for (SmtpSink.Received m : forwarded()) {
            assertThat(m.recipients).containsExactly("carol@far.test");
            assertThat(m.mailFrom).as("SRS still rewrites the envelope").startsWith("SRS0=").endsWith("@" + FWD_DOMAIN);
            List<String> sigs = signatures(m.data);
            assertThat(sigs).as(m.data).hasSize(2);
            assertThat(tag(sigs.get(0), "d")).isEqualTo(FWD_DOMAIN);
            assertThat(tag(sigs.get(0), "s")).isEqualTo(FWD_SELECTOR);
            assertThat(tag(sigs.get(0), "a")).isEqualTo("rsa-sha256");
            assertThat(tag(sigs.get(1), "d")).isEqualTo("sender.test");
            System.out.println("DkimResignTest: the next hop got DKIM-Signature:" + sigs.get(0));
        }
    }

    @Test
    void mxpackVerifiesOurSignatureAndTheAuthors() throws Exception {
        DkimVerifier verifier = new DkimVerifier(
                new DnsjavaResolver(DnsSettings.of(List.of(DnsSettings.parseServer(dns.address())))),
                DkimPolicy.defaults());
        for (SmtpSink.Received m : forwarded()) {
            DkimVerdict v = verifier.verifyBlocking(m.data.getBytes(StandardCharsets.UTF_8));
            assertThat(v.signatures()).as(v + "\n" + m.data).hasSize(2)
                    .allSatisfy(s -> assertThat(s.result()).as(s.toString()).isEqualTo(DkimResult.PASS));
            assertThat(v.signatures().stream().map(DkimSignatureVerdict::domain))
                    .containsExactlyInAnyOrder(FWD_DOMAIN, "sender.test");
        }
    }

    @Test
    void dkimpyVerifiesOurSignatureAndTheAuthors() throws Exception {
        Assumptions.assumeTrue(Peers.present("dkimpy (Debian python3-dkim, /usr/bin/dkimverify)", dkimpyPresent()),
                "dkimpy is not installed");
        for (SmtpSink.Received m : forwarded()) {
            assertThat(dkimverify(m.data, 0)).as("ours (index 0)\n" + m.data).isEqualTo("0 signature ok");
            assertThat(dkimverify(m.data, 1)).as("the author's (index 1)\n" + m.data).isEqualTo("0 signature ok");
            // the wrapper really verifies: a changed body fails both (dkimpy 1.1.4's dkimverify exits
            // with a "body hash mismatch" traceback here rather than printing its failure line)
            String tampered = m.data.replace("this travels further.", "this travels elsewhere.");
            assertThat(tampered).isNotEqualTo(m.data);
            assertThat(dkimverify(tampered, 0)).startsWith("1 ").contains("body hash mismatch");
            assertThat(dkimverify(tampered, 1)).startsWith("1 ").contains("body hash mismatch");
        }
    }

    @Test
    void localDeliveryIsNotResigned() throws Exception {
        // the same transaction's forwarded copy is signed (see above) ...
        assertThat(arrived(subject("mixed"), 1)).as(james.logTail(60)).hasSize(1);
        assertThat(signatures(arrived(subject("mixed"), 1).get(0).data)).hasSize(2);
        // ... bob's local copy carries the author's signature only
        String local = localCopy("bob@example.test", "mixed");
        List<String> sigs = signatures(local);
        assertThat(sigs).as(local).hasSize(1);
        assertThat(tag(sigs.get(0), "d")).isEqualTo("sender.test");
    }

    /**
     * The key forms the operator guide promises about, straight against 3.8.1's DKIMSign.init() (on
     * this classpath through james-server-memory-app): a PEM key given as {@code <privateKey>} loads,
     * PKCS#1 ("BEGIN RSA PRIVATE KEY") or unencrypted PKCS#8 ("BEGIN PRIVATE KEY", OpenSSL 3's default);
     * a {@code <privateKeyFilepath>} naming a file on disk, and no key at all, fail the mailet's init,
     * which stops James's start.
     */
    @Test
    void dkimSignReadsTheKeyFormsTheGuideSays() throws Exception {
        KeyPair pair = rsa();
        String template = "v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + FWD_DOMAIN + "; s=fwd; h=from:to; bh=; b=;";
        String pkcs1 = pkcs1Pem((RSAPrivateCrtKey) pair.getPrivate());
        String pkcs8 = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----";
        Path file = Files.createTempFile("dkim-fwd-", ".pem");
        try {
            Files.writeString(file, pkcs1);
            assertThat(initDkimSign(java.util.Map.of("signatureTemplate", template, "privateKey", pkcs1))).isNull();
            assertThat(initDkimSign(java.util.Map.of("signatureTemplate", template, "privateKey", pkcs8))).isNull();
            assertThat(initDkimSign(java.util.Map.of("signatureTemplate", template,
                    "privateKeyFilepath", file.toString()))).isNotNull();
            assertThat(initDkimSign(java.util.Map.of("signatureTemplate", template))).isNotNull();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** null when James's DKIMSign accepts these init parameters, else what it threw. */
    private static Throwable initDkimSign(java.util.Map<String, String> params) {
        org.apache.mailet.MailetConfig config = new org.apache.mailet.MailetConfig() {
            @Override
            public String getInitParameter(String name) {
                return params.get(name);
            }

            @Override
            public java.util.Iterator<String> getInitParameterNames() {
                return params.keySet().iterator();
            }

            @Override
            public org.apache.mailet.MailetContext getMailetContext() {
                return null;
            }

            @Override
            public String getMailetName() {
                return "DKIMSign";
            }
        };
        try {
            new org.apache.james.jdkim.mailets.DKIMSign().init(config);
            return null;
        } catch (Exception | Error e) {
            return e;
        }
    }

    // ---- the mail

    private static String author(String subject, String extraHeaders) throws Exception {
        String m = "From: Alice <alice@sender.test>\r\nTo: carol@example.test\r\nSubject: " + subject
                + "\r\nDate: Mon, 6 May 2024 10:00:00 +0000\r\nMessage-ID: <" + subject + "." + System.nanoTime()
                + "@sender.test>\r\n" + extraHeaders + "\r\nHello,\r\nthis travels further.\r\n";
        return new String(author.sign(m.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private static void send(List<String> rcpts, String message) throws Exception {
        try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
            assertThat(c.ehlo("mail.sender.test").code()).isEqualTo(250);
            SmtpReply r = c.send("alice@sender.test", rcpts, message);
            assertThat(r.code()).as(c.transcript()).isEqualTo(250);
            c.quit();
        }
    }

    private static List<SmtpSink.Received> forwarded() throws InterruptedException {
        List<SmtpSink.Received> out = new ArrayList<>();
        for (String s : List.of("plain", "mime")) {
            List<SmtpSink.Received> got = arrived(subject(s), 1);
            assertThat(got).as(s + "\n" + james.logTail(80)).hasSize(1);
            out.add(got.get(0));
        }
        return out;
    }

    private static List<SmtpSink.Received> arrived(Predicate<SmtpSink.Received> which, int count)
            throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<SmtpSink.Received> got = List.of();
        while (System.nanoTime() < end) {
            got = world.messages().stream().filter(which).collect(Collectors.toList());
            if (got.size() >= count) {
                break;
            }
            Thread.sleep(100);
        }
        return got;
    }

    private static Predicate<SmtpSink.Received> subject(String s) {
        return m -> s.equals(m.header("Subject"));
    }

    /** The raw message of {@code rcpt}'s local copy with that subject, from the local-copy repository. */
    private static String localCopy(String rcpt, String subject) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String seen = "";
        do {
            String list = james.webadminGet(LOCAL_COPIES);
            seen = list;
            Matcher k = Pattern.compile("\"([^\"]+)\"").matcher(list);
            while (k.find()) {
                String key = k.group(1);
                String details = webadmin(LOCAL_COPIES + "/" + key, "application/json");
                String eml = webadmin(LOCAL_COPIES + "/" + key, "message/rfc822");
                seen += "\n--- " + details + "\n" + eml;
                if (details.contains(rcpt)
                        && Pattern.compile("(?m)^Subject: " + Pattern.quote(subject) + "\\r?$").matcher(eml).find()) {
                    return eml;
                }
            }
            Thread.sleep(500);
        } while (System.nanoTime() < end);
        throw new AssertionError("no local copy for " + rcpt + " (" + subject + "); seen: " + seen);
    }

    /** A stored mail from WebAdmin: its details ({@code application/json}) or the message ({@code message/rfc822}). */
    private static String webadmin(String path, String accept) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder()
                .uri(URI.create("http://127.0.0.1:" + james.webadminPort() + path))
                .header("Accept", accept).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    /** The DKIM-Signature header values, top first, unfolded. */
    private static List<String> signatures(String message) {
        List<String> out = new ArrayList<>();
        String[] lines = message.split("\\r?\\n", -1);
        for (int i = 0; i < lines.length && !lines[i].isEmpty(); i++) {
            if (lines[i].toLowerCase(Locale.ROOT).startsWith("dkim-signature:")) {
                StringBuilder v = new StringBuilder(lines[i].substring("dkim-signature:".length()));
                while (i + 1 < lines.length && (lines[i + 1].startsWith(" ") || lines[i + 1].startsWith("\t"))) {
                    v.append(lines[++i].trim());
                }
                out.add(v.toString());
            }
        }
        return out;
    }

    private static String tag(String signature, String name) {
        for (String t : signature.split(";")) {
            String[] kv = t.trim().split("=", 2);
            if (kv.length == 2 && kv[0].trim().equals(name)) {
                return kv[1].replaceAll("\\s", "");
            }
        }
        return null;
    }

    // ---- dkimpy

    private static boolean dkimpyPresent() throws Exception {
        if (!Files.isExecutable(DKIMVERIFY) || !Files.isExecutable(PYTHON)) {
            return false;
        }
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import dkim, dns.resolver")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    /** dkimpy's {@code dkimverify --index N} over the loopback DNS server: "EXIT OUTPUT". */
    private static String dkimverify(String message, int index) throws Exception {
        Path wrapper = Files.createTempFile("dkimverify-loopback-", ".py");
        try {
            try (var in = DkimResignTest.class.getResourceAsStream("/peers/dkimverify-loopback.py")) {
                Files.write(wrapper, in.readAllBytes());
            }
            Process p = new ProcessBuilder(PYTHON.toString(), wrapper.toString(), "127.0.0.1",
                    Integer.toString(dns.port()), "--index", Integer.toString(index))
                    .redirectErrorStream(true).start();
            p.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return p.exitValue() + " " + out;
        } finally {
            Files.deleteIfExists(wrapper);
        }
    }

    // ---- keys

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static void publish(String owner, KeyPair pair) throws IOException {
        String key = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < key.length(); i += 200) {
            chunks.add(key.substring(i, Math.min(key.length(), i + 200)));
        }
        dns.add(new TXTRecord(Name.fromString(owner), DClass.IN, 300, chunks));
    }

    /** The key as {@code openssl genrsa -traditional} writes it ("BEGIN RSA PRIVATE KEY", PKCS#1). */
    private static String pkcs1Pem(RSAPrivateCrtKey k) {
        byte[] der = sequence(BigInteger.ZERO, k.getModulus(), k.getPublicExponent(), k.getPrivateExponent(),
                k.getPrimeP(), k.getPrimeQ(), k.getPrimeExponentP(), k.getPrimeExponentQ(), k.getCrtCoefficient());
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN RSA PRIVATE KEY-----\n" + b64 + "\n-----END RSA PRIVATE KEY-----";
    }

    private static byte[] sequence(BigInteger... integers) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (BigInteger i : integers) {
            body.writeBytes(tlv(0x02, i.toByteArray()));
        }
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xff);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
