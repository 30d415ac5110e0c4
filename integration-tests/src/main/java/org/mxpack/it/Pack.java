package org.mxpack.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.mxpack.testkit.JamesProcess;

/**
 * The built pack as an admin gets it: the drop-in zip, unpacked once, and a James 3.8.1 started
 * with it (loopback base conf, then the zip's {@code conf/}, its {@code extensions-jars/}).
 */
public final class Pack {
    private static Path unpacked;

    private Pack() {
    }

    /** The repository root ({@code -Dmxpack.root}, set by Maven and by the launcher). */
    public static Path root() {
        String p = System.getProperty("mxpack.root");
        return (p != null ? Paths.get(p) : Paths.get("").toAbsolutePath().getParent()).normalize().toAbsolutePath();
    }

    public static String version() {
        String v = System.getProperty("mxpack.version");
        if (v == null) {
            throw new IllegalStateException("-Dmxpack.version is not set");
        }
        return v;
    }

    public static Path zip() {
        Path zip = root().resolve("james-conf/target/mxpack-" + version() + ".zip");
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " is missing: run 'mvn -B package' first");
        }
        return zip;
    }

    /** The unpacked zip's top folder ({@code mxpack-VERSION/}). */
    public static synchronized Path distribution() {
        if (unpacked == null) {
            try {
                Path target = Files.createTempDirectory("mxpack-dist-");
                unzip(zip(), target);
                unpacked = target.resolve("mxpack-" + version());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return unpacked;
    }

    public static Path jamesClasspathFile() {
        return root().resolve("integration-tests/target/james-classpath.txt");
    }

    public static Path baseConf() {
        return root().resolve("integration-tests/src/main/james-base");
    }

    /**
     * A James with the pack, as an inbound MX seen from 127.0.0.1: the loopback client is NOT an
     * authorized network (it is treated like any remote MTA) and the server calls itself
     * {@code mx.example.test}. Add DNS ({@code .dns(server.address())}: without it every lookup of
     * the pack times out against 127.0.0.1:53), test files and start.
     */
    public static JamesProcess.Builder james() {
        Path dist = distribution();
        return JamesProcess.builder()
                .classpathFile(jamesClasspathFile())
                .confLayer(baseConf())
                .confLayer(dist.resolve("conf"))
                .extensionJars(dist.resolve("extensions-jars"))
                .confEdit("smtpserver.xml", "<authorizedAddresses>[^<]*</authorizedAddresses>",
                        "<authorizedAddresses>198.51.100.0/24</authorizedAddresses>")
                .confEdit("smtpserver.xml", "<helloName[^>]*/>|<helloName[^>]*>[^<]*</helloName>",
                        "<helloName autodetect=\"false\">mx.example.test</helloName>")
                // mxpack resolves through the test's loopback DNS server (dns(...)), never the system's
                .confEdit("mxpack.xml", "<!-- <hostName>[^<]*</hostName> -->", "<hostName>mx.example.test</hostName>")
                .confEdit("mxpack.xml", "<dns>", "<dns><server>@@DNS@@</server>")
                .confEdit("mxpack.xml", "<timeout>[^<]*</timeout>", "<timeout>1s</timeout>");
    }

    /**
     * For tests of the MAIL FROM stage itself: an SPF fail refused there ({@code <holdFailUntilData>false}),
     * not held for end of DATA as the shipped configuration does when DMARC is on.
     */
    public static JamesProcess.Builder spfFailAtMailFrom(JamesProcess.Builder james) {
        return james.confEdit("smtpserver.xml", "<!-- <holdFailUntilData>false</holdFailUntilData> -->",
                "<holdFailUntilData>false</holdFailUntilData>");
    }

    /**
     * A minimal mailetcontainer.xml for tests: everything goes to {@code transport}, where
     * {@code transportMailets} (XML lines) run before RemoteDelivery hands the mail to the test's
     * SmtpSink at {@code @@SINK_PORT@@} (set with {@code .token("SINK_PORT", ...)}).
     */
    public static String sinkPipeline(String... transportMailets) {
        return String.join("\n",
                "<?xml version=\"1.0\"?>",
                "<mailetcontainer enableJmx=\"false\">",
                "  <context><postmaster>postmaster@example.test</postmaster></context>",
                "  <spooler><threads>2</threads><errorRepository>memory://var/mail/error/</errorRepository></spooler>",
                "  <processors>",
                "    <processor state=\"root\" enableJmx=\"false\">",
                "      <mailet match=\"All\" class=\"ToProcessor\"><processor>transport</processor></mailet>",
                "    </processor>",
                "    <processor state=\"transport\" enableJmx=\"false\">",
                "      <mailet match=\"All\" class=\"RemoveMimeHeader\"><name>bcc</name></mailet>",
                String.join("\n", transportMailets),
                "      <mailet match=\"All\" class=\"RemoteDelivery\">",
                "        <outgoing>outgoing</outgoing>",
                "        <delayTime>1000, 1000</delayTime><maxRetries>2</maxRetries>",
                "        <gateway>127.0.0.1</gateway><gatewayPort>@@SINK_PORT@@</gatewayPort>",
                "        <bounceProcessor>error</bounceProcessor>",
                "      </mailet>",
                "    </processor>",
                "    <processor state=\"error\" enableJmx=\"false\">",
                "      <mailet match=\"All\" class=\"ToRepository\"><repositoryPath>memory://var/mail/error/</repositoryPath></mailet>",
                "    </processor>",
                "  </processors>",
                "</mailetcontainer>",
                "");
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                Path out = target.resolve(e.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside the target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(z, out, StandardCopyOption.REPLACE_EXISTING);
                    if (e.getName().contains("/bin/")) {
                        out.toFile().setExecutable(true);
                    }
                }
            }
        }
    }
}
