package org.mxpack.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real rspamd (Debian package {@code rspamd}) for tests: one normal worker on 127.0.0.1 and a free port,
 * a minimal configuration generated into a temporary folder (no controller or proxy, no Redis, no stock
 * plugins, DNS pointed at loopback), and test rules that force each action by a token in the Subject:
 * {@link #REJECT}, {@link #SOFT_REJECT}, {@link #REWRITE_SUBJECT}, {@link #ADD_HEADER}, {@link #GREYLIST};
 * {@link #ENVELOPE} makes symbol {@code MXPACK_TEST_ENVELOPE} echo the envelope rspamd received as its
 * options ({@code from=}, {@code rcpt=} per recipient, {@code helo=}, {@code hostname=}, {@code ip=},
 * {@code user=}, {@code qid=}). Thresholds: greylist 4, add header 6, rewrite subject 9, reject 15.
 *
 * <p>Runs in the foreground ({@code -f}), is always stopped by {@link #close()} (with its workers), and
 * starts in well under a second because the stock public-suffix list is replaced by a tiny one.
 */
public final class RspamdDaemon implements AutoCloseable {
    public static final String REJECT = "MXPACK-TEST-REJECT";
    public static final String SOFT_REJECT = "MXPACK-TEST-SOFT";
    public static final String REWRITE_SUBJECT = "MXPACK-TEST-SUBJECT";
    public static final String ADD_HEADER = "MXPACK-TEST-HEADER";
    public static final String GREYLIST = "MXPACK-TEST-GREYLIST";
    public static final String ENVELOPE = "MXPACK-TEST-ENVELOPE";

    private static final String RESOURCES = "/org/mxpack/testkit/rspamd/";
    private static final List<String> TLDS = List.of("com", "org", "net", "test", "example", "invalid", "localhost");

    private final Process process;
    private final Path dir;
    private final int port;

    private RspamdDaemon(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** The rspamd binary: {@code $RSPAMD_BIN}, else {@code rspamd} on the PATH, else {@code /usr/bin/rspamd}. */
    public static Path binary() {
        String env = System.getenv("RSPAMD_BIN");
        if (env != null && !env.isEmpty()) {
            return Paths.get(env);
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                Path p = Paths.get(d, "rspamd");
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return Paths.get("/usr/bin/rspamd");
    }

    /**
     * Whether rspamd is installed; tests skip when it is not ({@code assumeTrue(RspamdDaemon.available())}),
     * or fail with {@code MXPACK_REQUIRE_PEERS=1} ({@link Peers}).
     */
    public static boolean available() {
        return Peers.present("rspamd", Files.isExecutable(binary()));
    }

    /** Starts rspamd with DNS pointed at a closed loopback port. */
    public static RspamdDaemon start() throws IOException, InterruptedException {
        return start("127.0.0.1:" + Ports.free(), Duration.ofSeconds(60));
    }

    /**
     * @param dns          {@code host:port} rspamd sends DNS to (e.g. a {@link LoopbackDnsServer}'s)
     * @param startTimeout how long to wait for {@code /ping} to answer
     */
    public static RspamdDaemon start(String dns, Duration startTimeout) throws IOException, InterruptedException {
        if (!available()) {
            throw new IllegalStateException("rspamd is not installed (" + binary() + "): apt-get install rspamd");
        }
        Path dir = Files.createTempDirectory("mxpack-rspamd-");
        Files.createDirectories(dir.resolve("db"));
        Files.createDirectories(dir.resolve("plugins"));
        Files.createDirectories(dir.resolve("tmp"));
        int port = Ports.free();
        String conf = resource("rspamd.conf").replace("@@DIR@@", dir.toString())
                .replace("@@PORT@@", Integer.toString(port)).replace("@@DNS@@", dns);
        Files.writeString(dir.resolve("rspamd.conf"), conf, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("rules.lua"), resource("rules.lua"), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("tld.dat"), String.join("\n", TLDS) + "\n", StandardCharsets.UTF_8);

        List<String> cmd = new ArrayList<>(List.of(binary().toString(), "-f", "-c", dir.resolve("rspamd.conf").toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            // rspamd refuses to run its workers as root unless told to explicitly
            cmd.addAll(List.of("-u", "root", "-g", "root"));
        }
        Process process = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        RspamdDaemon daemon = new RspamdDaemon(process, dir, port);
        try {
            daemon.awaitPing(startTimeout);
        } catch (IOException | RuntimeException | InterruptedException e) {
            String tail = daemon.logTail(40);
            daemon.close();
            throw new IOException("rspamd did not start: " + e.getMessage() + "\n" + tail, e);
        }
        return daemon;
    }

    private void awaitPing(Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IOException("rspamd exited with status " + process.exitValue());
            }
            if (ping()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IOException("no answer to /ping on 127.0.0.1:" + port + " within " + timeout);
    }

    /** True when the normal worker answers {@code GET /ping} with {@code pong}. */
    public boolean ping() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write("GET /ping HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toString(StandardCharsets.ISO_8859_1).contains("pong");
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    /** The normal worker's base URI, {@code http://127.0.0.1:PORT}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The temporary folder holding config, rules and logs (deleted by {@link #close()}). */
    public Path dir() {
        return dir;
    }

    /** rspamd's log so far (its own log file, then whatever it printed). */
    public String log() {
        return read(dir.resolve("rspamd.log")) + read(dir.resolve("stdout.log"));
    }

    /** The last {@code n} lines of {@link #log()}, for assertion messages. */
    public String logTail(int n) {
        String[] lines = log().split("\n");
        return String.join("\n", Arrays.asList(lines).subList(Math.max(0, lines.length - n), lines.length));
    }

    /** Waits until the log contains {@code text} (rspamd writes its task line after replying). */
    public boolean awaitLog(String text, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        do {
            if (log().contains(text)) {
                return true;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < end);
        return false;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops rspamd and its workers (SIGTERM, then SIGKILL after 10 s) and deletes the folder. */
    @Override
    public void close() {
        List<ProcessHandle> children = new ArrayList<>();
        process.descendants().forEach(children::add);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // the main process normally takes its workers down; make sure no orphan keeps the port
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        if (!Boolean.getBoolean("mxpack.rspamd.keep")) {
            deleteTree(dir);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = RspamdDaemon.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IOException("missing testkit resource " + RESOURCES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException | UncheckedIOException e) {
            return "(" + file + " unreadable: " + e + ")\n";
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary folder is harmless
        }
    }
}
