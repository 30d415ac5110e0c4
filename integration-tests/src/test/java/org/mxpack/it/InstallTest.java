package org.mxpack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mxpack.testkit.JamesProcess;
import org.mxpack.testkit.LoopbackDnsServer;
import org.mxpack.testkit.SmtpClient;

/**
 * The operator guide's install, followed literally on a stock James 3.8.1 conf ({@code stock-conf/}):
 * {@code bin/mxpack doctor} from the zip names each problem of the stock home; after the guide's steps
 * it finds none, and a James started on the result refuses and accepts as the guide's check says.
 */
class InstallTest {
    private static LoopbackDnsServer dns;
    private static Path stock;
    private static Path installed;

    @BeforeAll
    static void homes() throws Exception {
        dns = LoopbackDnsServer.start();
        stock = stockHome();
        installed = stockHome();
        install(installed, dns.address());
    }

    @AfterAll
    static void stop() {
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void doctorNamesEachProblemOfAStockJames() throws Exception {
        Doctor d = doctor(stock);
        assertThat(d.exit).as(d.output).isEqualTo(1);
        assertThat(d.output)
                .contains("ERROR extensions-jars: missing mxpack-core, mxpack-james-common, mxpack-smtp-hooks, mxpack-mailets")
                .contains("ERROR conf/smtpserver.xml: no <smtpserver> has mxpack's handlers")
                .contains("ERROR conf/mxpack.xml: absent")
                .contains("ERROR conf/mailetcontainer.xml: no org.mxpack.mailet.AuthenticationResults")
                .contains("WARN  conf/logback.xml: logger org.mxpack.decision logs at WARN")
                .contains("fix: ")
                .contains("4 errors, 1 warning");
    }

    @Test
    void doctorNamesEachMistakeOfAHalfDoneInstall() throws Exception {
        Path home = stockHome();
        install(home, dns.address());
        Path smtp = home.resolve("conf/smtpserver.xml");
        String xml = Files.readString(smtp);
        // forgotten: enableJmx, ValidRcptHandler left in, VerdictsToMail above MessageHook
        xml = xml.replaceFirst("<handlerchain enableJmx=\"false\">", "<handlerchain>");
        xml = xml.replaceFirst("<!-- mxpack: begin -->",
                "<handler class=\"org.apache.james.smtpserver.fastfail.ValidRcptHandler\"/>\n<!-- mxpack: begin -->");
        xml = xml.replaceFirst("(?s)(<handler class=\"org.mxpack.smtp.VerdictsToMail\"\\s*/>)", "")
                .replaceFirst("<handler class=\"org.mxpack.smtp.MessageHook\">",
                        "<handler class=\"org.mxpack.smtp.VerdictsToMail\"/><handler class=\"org.mxpack.smtp.MessageHook\">");
        xml = xml.replaceFirst("<threshold>1</threshold>", "<treshold>1</treshold>");
        Files.writeString(smtp, xml);
        Files.writeString(home.resolve("conf/mxpack.xml"), Files.readString(home.resolve("conf/mxpack.xml"))
                .replaceFirst("<routes>", "<routes><relay>partner.example 192.0.2.25</relay>")
                .replaceFirst("<server>[^<]*</server>", "<server>127.0.0.1:" + silentPort() + "</server>"));
        Files.writeString(home.resolve("conf/mailetcontainer.xml"), Files.readString(home.resolve("conf/mailetcontainer.xml"))
                .replace("org.mxpack.mailet.NextHopDelivery", "RemoteDelivery"));
        Files.copy(Pack.distribution().resolve("lib").resolve(dnsjavaJar()), home.resolve("extensions-jars").resolve(dnsjavaJar()));

        Doctor d = doctor(home);
        assertThat(d.exit).as(d.output).isEqualTo(1);
        assertThat(d.output)
                .contains("<handlerchain> without enableJmx=\"false\"")
                .contains("ValidRcptHandler refuses recipients")
                .contains("VerdictsToMail before MessageHook")
                .contains("unknown element <dnsbl><treshold>; did you mean <dnsbl><threshold>?")
                .contains("no org.mxpack.mailet.NextHopDelivery: mxpack.xml has relay domains")
                .contains("no answer within 2 s")
                .contains(dnsjavaJar() + " is a library James already ships");
    }

    @Test
    void theGuidesStepsGiveACleanDoctorAndAWorkingMx() throws Exception {
        Doctor d = doctor(installed);
        assertThat(d.exit).as(d.output).isZero();
        // the one warning left is the guide's own caution: tests from the MX itself are exempt
        assertThat(d.output).contains("0 errors, 1 warning").contains("<authorizedAddresses> holds 127.0.0.0/8");

        Files.writeString(installed.resolve("conf/mxpack/helo-blocklist.txt"), "spam.example.org\n");
        try (JamesProcess james = JamesProcess.builder()
                .classpathFile(Pack.jamesClasspathFile())
                .confLayer(Pack.baseConf())
                .confLayer(installed.resolve("conf"))
                .extensionJars(installed.resolve("extensions-jars"))
                .dns(dns.address())
                // test-bed only: one loopback port for the MX (the TLS listeners need a keystore), and the
                // guide's "test from a host outside authorizedAddresses" played by moving the network
                .confEdit("smtpserver.xml", "<smtpserver enabled=\"true\">(\\s*<jmxName>smtpserver-(TLS|authenticated))",
                        "<smtpserver enabled=\"false\">$1")
                .confEdit("smtpserver.xml", "<authorizedAddresses>[^<]*</authorizedAddresses>",
                        "<authorizedAddresses>198.51.100.0/24</authorizedAddresses>")
                .start()) {
            james.addUser("bob@example.test", "secret");
            try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
                org.mxpack.testkit.SmtpReply r = c.ehlo("spam.example.org");
                assertThat(r.code()).isEqualTo(550);
                assertThat(r.enhanced()).isEqualTo("5.7.1");
                assertThat(r.text()).startsWith("Client host rejected");
            }
            assertThat(james.awaitLog("mxpack stage=HELO check=helo-list action=REJECT", Duration.ofSeconds(5))).isTrue();
            try (SmtpClient c = SmtpClient.connect(james.smtpPort())) {
                c.ehlo("mail.good.example");
                assertThat(c.send("alice@good.example", List.of("bob@example.test"),
                        "From: alice@good.example\r\nTo: bob@example.test\r\nSubject: hi\r\n\r\nhello\r\n").code())
                        .as(c.transcript()).isEqualTo(250);
            }
        }
    }

    /** A James home as an admin has it before the install: stock conf, an empty extensions-jars/. */
    static Path stockHome() throws IOException {
        Path home = Files.createTempDirectory("james-home-");
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("extensions-jars"));
        Path fixture = Pack.root().resolve("integration-tests/src/test/resources/stock-conf");
        for (String f : List.of("smtpserver.xml", "mailetcontainer.xml", "logback.xml")) {
            Files.copy(fixture.resolve(f), conf.resolve(f));
        }
        return home;
    }

    /** docs/operator-guide.md, "Install into an existing James 3.8.1", steps 2 to 6, done as written. */
    static void install(Path home, String dnsServer) throws IOException {
        Path dist = Pack.distribution();
        Path conf = home.resolve("conf");
        // 2. the jars
        try (Stream<Path> jars = Files.list(dist.resolve("extensions-jars"))) {
            for (Path jar : (Iterable<Path>) jars::iterator) {
                Files.copy(jar, home.resolve("extensions-jars").resolve(jar.getFileName()));
            }
        }
        // 3. mxpack.xml and conf/mxpack/, with our resolver and host name
        Files.writeString(conf.resolve("mxpack.xml"), Files.readString(dist.resolve("conf/mxpack.xml"))
                .replace("<!-- <server>127.0.0.1:53</server> -->", "<server>" + dnsServer + "</server>")
                .replace("<!-- <hostName>mx.example.org</hostName> -->", "<hostName>mx.example.test</hostName>"));
        Files.createDirectories(conf.resolve("mxpack"));
        try (Stream<Path> lists = Files.list(dist.resolve("conf/mxpack"))) {
            for (Path f : (Iterable<Path>) lists::iterator) {
                Files.copy(f, conf.resolve("mxpack").resolve(f.getFileName()));
            }
        }
        // 4. the handlers at the top of the port-25 listener's chain, enableJmx="false", no ValidRcptHandler
        String shipped = Files.readString(dist.resolve("conf/smtpserver.xml"));
        Matcher block = Pattern.compile("(?s)<!-- mxpack: begin -->.*<!-- mxpack: end -->").matcher(shipped);
        assertThat(block.find()).as("the zip's smtpserver.xml marks the handlers").isTrue();
        String smtp = Files.readString(conf.resolve("smtpserver.xml"));
        Matcher mx = Pattern.compile("(?s)<smtpserver enabled=\"true\">(?:(?!</smtpserver>).)*<bind>[^<]*:25</bind>"
                + "(?:(?!</smtpserver>).)*</smtpserver>").matcher(smtp);
        assertThat(mx.find()).as("the stock conf has a port-25 listener").isTrue();
        String listener = mx.group()
                .replace("<handlerchain>", "<handlerchain enableJmx=\"false\">\n" + Matcher.quoteReplacement(block.group()))
                .replaceAll("\\s*<handler class=\"org.apache.james.smtpserver.fastfail.ValidRcptHandler\"/>", "");
        Files.writeString(conf.resolve("smtpserver.xml"), smtp.substring(0, mx.start()) + listener + smtp.substring(mx.end()));
        // 5. a stock mailetcontainer.xml is replaced by the zip's (the stock pipeline plus the mxpack parts)
        Files.copy(dist.resolve("conf/mailetcontainer.xml"), conf.resolve("mailetcontainer.xml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // 6. mxpack's decision lines through logback
        Path logback = conf.resolve("logback.xml");
        Files.writeString(logback, Files.readString(logback)
                .replace("</configuration>", "    <logger name=\"org.mxpack\" level=\"INFO\"/>\n</configuration>"));
    }

    private static final class Doctor {
        final int exit;
        final String output;

        Doctor(int exit, String output) {
            this.exit = exit;
            this.output = output;
        }
    }

    /** The zip's bin/mxpack doctor, as an admin runs it. */
    private static Doctor doctor(Path home) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", Pack.distribution().resolve("bin/mxpack").toString(),
                "doctor", "--james", home.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Doctor(p.exitValue(), out);
    }

    private static String dnsjavaJar() throws IOException {
        try (Stream<Path> s = Files.list(Pack.distribution().resolve("lib"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("dnsjava-")).findFirst().orElseThrow();
        }
    }

    /** A UDP port where nothing answers. */
    private static int silentPort() throws IOException {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
