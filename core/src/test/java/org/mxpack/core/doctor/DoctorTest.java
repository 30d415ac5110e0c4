package org.mxpack.core.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Doctor's findings one by one, on James homes written here (InstallTest runs it from the zip on a
 * stock conf and on an installed one).
 */
class DoctorTest {
    private static final String HOOKS = "<handler class=\"org.mxpack.smtp.ClientHook\"/>"
            + "<handler class=\"org.mxpack.smtp.MessageHook\"/><handler class=\"org.mxpack.smtp.SenderHook\"/>"
            + "<handler class=\"org.mxpack.smtp.RecipientHook\"/><handler class=\"org.mxpack.smtp.VerdictsToMail\"/>";
    private static final String CORE = "<handler class=\"org.apache.james.smtpserver.CoreCmdHandlerLoader\"/>";

    @TempDir
    Path home;

    private void write(String name, String text) throws IOException {
        Path f = home.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    private void smtpserver(String authorized, String chain) throws IOException {
        write("conf/smtpserver.xml", "<smtpservers><smtpserver enabled=\"true\"><bind>0.0.0.0:25</bind>"
                + "<authorizedAddresses>" + authorized + "</authorizedAddresses>"
                + "<handlerchain enableJmx=\"false\">" + chain + "</handlerchain></smtpserver></smtpservers>");
    }

    private List<String> findings(Finding.Severity severity) {
        return Doctor.examine(home).stream().filter(f -> f.severity() == severity)
                .map(f -> f.where() + ": " + f.problem()).collect(Collectors.toList());
    }

    private void installedJarsAndConf() throws IOException {
        for (String jar : JarsCheck.PACK) {
            write("extensions-jars/" + jar + "-1.0.jar", "");
        }
        write("conf/mxpack.xml", "<mxpack><hostName>mx.example.org</hostName></mxpack>");
        write("conf/mailetcontainer.xml", "<mailetcontainer><processors><processor state=\"transport\">"
                + "<mailet match=\"All\" class=\"org.mxpack.mailet.AuthenticationResults\"/></processor></processors>"
                + "</mailetcontainer>");
        write("conf/logback.xml", "<configuration><root level=\"WARN\"/><logger name=\"org.mxpack\" level=\"INFO\"/>"
                + "</configuration>");
    }

    @Test
    void aCleanHomeHasNoErrorsAndTheLoopbackWarningOnly() throws IOException {
        installedJarsAndConf();
        smtpserver("127.0.0.0/8", HOOKS + CORE);
        assertThat(findings(Finding.Severity.ERROR)).isEmpty();
        assertThat(findings(Finding.Severity.WARN)).hasSize(2) // loopback exempt; no <dns><server>
                .anyMatch(w -> w.contains("<authorizedAddresses> holds 127.0.0.0/8"))
                .anyMatch(w -> w.contains("no <dns><server>"));
    }

    @Test
    void openRelayHandlersAfterCoreAndOrder() throws IOException {
        installedJarsAndConf();
        smtpserver("0.0.0.0/0", CORE + HOOKS);
        assertThat(findings(Finding.Severity.ERROR))
                .anyMatch(e -> e.contains("0.0.0.0/0: every client may relay"))
                .anyMatch(e -> e.contains("comes after CoreCmdHandlerLoader"));
        smtpserver("192.0.2.0/24", HOOKS.replace("<handler class=\"org.mxpack.smtp.MessageHook\"/>", "")
                + "<handler class=\"org.mxpack.smtp.MessageHook\"/>" + CORE);
        assertThat(findings(Finding.Severity.ERROR)).anyMatch(e -> e.contains("VerdictsToMail before MessageHook"));
        smtpserver("192.0.2.0/24", HOOKS.replace("<handler class=\"org.mxpack.smtp.RecipientHook\"/>", "")
                + "<handler class=\"org.mxpack.smtp.ReceiptHook\"/>" + CORE);
        assertThat(findings(Finding.Severity.ERROR))
                .anyMatch(e -> e.contains("mxpack handlers missing: RecipientHook"))
                .anyMatch(e -> e.contains("no such mxpack handler: ReceiptHook"));
    }

    @Test
    void whatMxpackXmlEnablesNeedsItsMailets() throws IOException {
        installedJarsAndConf();
        smtpserver("192.0.2.0/24", HOOKS + CORE);
        write("conf/mxpack.xml", "<mxpack><srs><domain>fwd.example.org</domain><secret>s</secret></srs>"
                + "<routes><relay>partner.example 192.0.2.25</relay></routes>"
                + "<arc><seal><domain>fwd.example.org</domain></seal></arc></mxpack>");
        assertThat(findings(Finding.Severity.ERROR))
                .anyMatch(e -> e.contains("no org.mxpack.mailet.SrsReverse"))
                .anyMatch(e -> e.contains("no org.mxpack.mailet.SrsForward"))
                .anyMatch(e -> e.contains("no org.mxpack.mailet.RecipientIsRelayDomain"))
                .anyMatch(e -> e.contains("no org.mxpack.mailet.NextHopDelivery"))
                .anyMatch(e -> e.contains("no org.mxpack.mailet.ArcSeal"))
                // and the incomplete <seal> itself is what James would refuse at start
                .anyMatch(e -> e.contains("sealing needs <domain>, <selector> and <privateKeyFile>"));
    }

    @Test
    void jarsTwiceOrMixedAndNoLogbackFile() throws IOException {
        installedJarsAndConf();
        smtpserver("192.0.2.0/24", HOOKS + CORE);
        write("extensions-jars/mxpack-core-0.9.jar", "");
        write("extensions-jars/guava-31.1-jre.jar", "");
        Files.delete(home.resolve("conf/logback.xml"));
        assertThat(findings(Finding.Severity.ERROR))
                .anyMatch(e -> e.contains("mxpack-core is there in 2 versions"))
                .anyMatch(e -> e.contains("guava-31.1-jre.jar is a library James already ships"));
        assertThat(findings(Finding.Severity.WARN)).anyMatch(w -> w.startsWith("conf/logback.xml: absent"));
    }

    @Test
    void notWellFormedXmlIsAnErrorNotACrash() throws IOException {
        installedJarsAndConf();
        write("conf/smtpserver.xml", "<smtpservers><smtpserver>");
        assertThat(findings(Finding.Severity.ERROR)).anyMatch(e -> e.contains("does not parse"));
    }
}
