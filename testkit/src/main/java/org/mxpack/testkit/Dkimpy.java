package org.mxpack.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * dkimpy's ARC code (Debian {@code python3-dkim}: what {@code /usr/bin/arcsign} and {@code /usr/bin/arcverify}
 * run, {@code dkim.arc_sign} / {@code dkim.arc_verify}), driven by {@code dkimpy_arc.py} under the
 * interpreter of {@code arcverify}'s own shebang, with its key lookups sent to a given DNS server.
 */
public final class Dkimpy {
    static final Path ARCVERIFY = Paths.get("/usr/bin/arcverify");
    private final String python;
    private final Path script;
    private final String dns;

    private Dkimpy(String python, Path script, String dns) {
        this.python = python;
        this.script = script;
        this.dns = dns;
    }

    /** The interpreter of arcverify's shebang, when it can import dkim, authres and dnspython; else null. */
    public static String interpreter() {
        try {
            if (!Files.isRegularFile(ARCVERIFY)) {
                return null;
            }
            String first = Files.readAllLines(ARCVERIFY, StandardCharsets.ISO_8859_1).get(0);
            if (!first.startsWith("#!")) {
                return null;
            }
            String python = first.substring(2).trim().split("\\s+")[0];
            Process p = new ProcessBuilder(python, "-c", "import dkim, authres, dns.resolver").redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? python : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Present (or said / failed per {@link Peers}) for the tests. */
    public static boolean available() {
        return Peers.present("dkimpy's arcsign/arcverify (apt-get install python3-dkim python3-authres)",
                interpreter() != null);
    }

    public static Dkimpy at(String dnsServer, Path dir) throws IOException {
        Path script = dir.resolve("dkimpy_arc.py");
        try (InputStream in = Dkimpy.class.getResourceAsStream("dkimpy_arc.py")) {
            Files.write(script, in.readAllBytes());
        }
        return new Dkimpy(interpreter(), script, dnsServer);
    }

    /** dkimpy's verdict, one JSON line: {"cv": "pass|fail|none|None", "reason": .., "instances": N, ...}. */
    public String verifyJson(byte[] message) throws IOException {
        return new String(run(message, List.of("verify", dns)), StandardCharsets.UTF_8).trim();
    }

    /** Just dkimpy's {@code cv} ("pass", "fail", "none"). */
    public String verifyCv(byte[] message) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"cv\":\\s*\"([^\"]*)\"").matcher(verifyJson(message));
        return m.find() ? m.group(1) : "";
    }

    /** One dkimpy hop: verify, record arc= in its A-R, arc_sign; the sealed message. */
    public byte[] seal(byte[] message, String selector, String domain, Path key, String srvId, long timestamp)
            throws IOException {
        return run(message, List.of("seal", dns, selector, domain, key.toString(), srvId, Long.toString(timestamp)));
    }

    private byte[] run(byte[] input, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(python, script.toString()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        p.getOutputStream().write(input);
        p.getOutputStream().close();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("dkimpy did not finish in 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("dkimpy " + args.get(0) + " exited " + p.exitValue() + ": "
                    + new String(err.join(), StandardCharsets.UTF_8));
        }
        return out.join();
    }

    private static byte[] readAll(InputStream in) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
