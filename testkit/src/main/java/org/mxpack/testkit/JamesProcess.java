package org.mxpack.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Apache James 3.8.1 as an admin runs it: a separate JVM ({@code MemoryJamesServerMain}) with
 * {@code -Dworking.directory=DIR}, {@code DIR/conf} and the pack's jars in {@code DIR/extensions-jars}.
 *
 * <p>The conf folder is layered: a loopback-safe base, then the pack's shipped conf, then per-test
 * files. In every file {@code @@SMTP_PORT@@}, {@code @@WEBADMIN_PORT@@}, {@code @@DNS@@} (host:port of
 * the loopback DNS server), {@code @@SINK@@} and {@code @@WORKDIR@@} are replaced; the shipped
 * {@code smtpserver.xml} listener is re-bound to 127.0.0.1 on a free port.
 */
public final class JamesProcess implements AutoCloseable {
    private static final String MAIN = "org.apache.james.MemoryJamesServerMain";

    private final Process process;
    private final Path workDir;
    private final Path log;
    private final int smtpPort;
    private final int webadminPort;

    private JamesProcess(Process process, Path workDir, Path log, int smtpPort, int webadminPort) {
        this.process = process;
        this.workDir = workDir;
        this.log = log;
        this.smtpPort = smtpPort;
        this.webadminPort = webadminPort;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int webadminPort() {
        return webadminPort;
    }

    public Path workDir() {
        return workDir;
    }

    /** Everything James printed so far. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** The last {@code n} lines of the log, for assertion messages. */
    public String logTail(int n) {
        String[] lines = log().split("\n");
        int from = Math.max(0, lines.length - n);
        return String.join("\n", java.util.Arrays.asList(lines).subList(from, lines.length));
    }

    /**
     * Calls James's webadmin (e.g. {@code PUT /users/bob@example.test} with {@code {"password":"x"}})
     * and returns the HTTP status; throws when James does not answer.
     */
    public int webadmin(String method, String path, String jsonBody) throws IOException {
        // java.net.http, not HttpURLConnection: WebAdmin's reprocessing is a PATCH, which the latter refuses
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder()
                .uri(java.net.URI.create("http://127.0.0.1:" + webadminPort + path))
                .timeout(java.time.Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, jsonBody == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8))
                .build();
        try {
            return java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build()
                    .send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted calling webadmin " + method + " " + path, e);
        }
    }

    /** GETs a webadmin resource and returns its body; throws unless James answers 2xx. */
    public String webadminGet(String path) throws IOException {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection)
                new java.net.URL("http://127.0.0.1:" + webadminPort + path).openConnection();
        c.setConnectTimeout(5_000);
        c.setReadTimeout(30_000);
        try {
            if (c.getResponseCode() / 100 != 2) {
                throw new IOException("webadmin GET " + path + " answered " + c.getResponseCode());
            }
            return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }

    /** Creates a user through webadmin; fails loudly when James refuses. */
    public void addUser(String address, String password) throws IOException {
        int status = webadmin("PUT", "/users/" + address, "{\"password\":\"" + password + "\"}");
        if (status / 100 != 2) {
            throw new IOException("webadmin PUT /users/" + address + " answered " + status);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The James JVM's process id (e.g. for {@link ThreadDump#of(long)}). */
    /** A full collection in James ({@code jcmd PID GC.run}), e.g. so that Netty's leak detector looks. */
    public void javaGc() throws IOException, InterruptedException {
        java.nio.file.Path jcmd = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.run").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + pid() + " GC.run failed");
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Waits until a log line contains {@code text}; false on time-out. */
    public boolean awaitLog(String text, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (log().contains(text)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Builds and starts a James process. */
    public static final class Builder {
        private final List<Path> confLayers = new ArrayList<>();
        private final Map<String, String> files = new LinkedHashMap<>();
        private final List<Path> extensionJars = new ArrayList<>();
        private final Map<String, String> tokens = new LinkedHashMap<>();
        private final List<String[]> edits = new ArrayList<>();
        private String classpath;
        private Path workDir;
        private int smtpPort;
        private Duration startTimeout = Duration.ofSeconds(90);
        private String javaOpts = "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

        /** The James 3.8.1 classpath (as {@code mvn dependency:build-classpath} writes it). */
        public Builder classpath(String value) {
            this.classpath = value.trim();
            return this;
        }

        public Builder classpathFile(Path file) {
            try {
                return classpath(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("James classpath file " + file + " unreadable", e);
            }
        }

        /** A conf folder copied over the previous ones (later layers win, file by file). */
        public Builder confLayer(Path dir) {
            confLayers.add(dir);
            return this;
        }

        /** One conf file given as text, copied last. */
        public Builder confFile(String name, String content) {
            files.put(name, content);
            return this;
        }

        /** A jar, or every jar in a folder, copied into {@code extensions-jars/}. */
        public Builder extensionJars(Path jarOrDir) {
            extensionJars.add(jarOrDir);
            return this;
        }

        /** After layering, replaces {@code regex} by {@code replacement} in conf file {@code name}. */
        public Builder confEdit(String name, String regex, String replacement) {
            edits.add(new String[] {name, regex, replacement});
            return this;
        }

        public Builder token(String name, String value) {
            tokens.put(name, value);
            return this;
        }

        public Builder dns(String hostPort) {
            return token("DNS", hostPort);
        }

        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        /** 0 (default) picks a free port. */
        public Builder smtpPort(int port) {
            this.smtpPort = port;
            return this;
        }

        public Builder javaOpts(String opts) {
            this.javaOpts = opts;
            return this;
        }

        public Builder startTimeout(Duration value) {
            this.startTimeout = value;
            return this;
        }

        /**
         * Starts James and waits until it serves SMTP and logs its start. A start that never becomes
         * ready (seen rarely on a loaded machine: a free port taken again between our check and James's
         * bind, or a stalled start) is stopped and tried once more on new ports; a James that exits (a
         * configuration error) is not retried.
         */
        public JamesProcess start() throws IOException, InterruptedException {
            try {
                return startOnce();
            } catch (NotReady e) {
                System.err.println("mxpack testkit: " + e.getMessage().lines().findFirst().orElse("")
                        + "; starting James once more on new ports");
                return startOnce();
            }
        }

        private JamesProcess startOnce() throws IOException, InterruptedException {
            if (classpath == null || classpath.isEmpty()) {
                throw new IllegalStateException("no James classpath given");
            }
            Path dir = workDir != null ? workDir : Files.createTempDirectory("mxpack-james-");
            int smtp = smtpPort > 0 ? smtpPort : Ports.free();
            int webadmin = Ports.free();
            Map<String, String> all = new LinkedHashMap<>(tokens);
            all.put("SMTP_PORT", Integer.toString(smtp));
            all.put("WEBADMIN_PORT", Integer.toString(webadmin));
            all.put("WORKDIR", dir.toString());
            all.putIfAbsent("DNS", "127.0.0.1:53");
            all.putIfAbsent("SINK", "127.0.0.1:25");

            Path conf = Files.createDirectories(dir.resolve("conf"));
            for (Path layer : confLayers) {
                copyTree(layer, conf);
            }
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path target = conf.resolve(f.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, f.getValue(), StandardCharsets.UTF_8);
            }
            for (String[] e : edits) {
                Path f = conf.resolve(e[0]);
                Files.writeString(f, Files.readString(f, StandardCharsets.UTF_8).replaceAll(e[1], e[2]),
                        StandardCharsets.UTF_8);
            }
            renderTokens(conf, all);
            Path ext = Files.createDirectories(dir.resolve("extensions-jars"));
            for (Path src : extensionJars) {
                copyJars(src, ext);
            }
            Files.createDirectories(dir.resolve("var"));

            Path log = dir.resolve("james.log");
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String o : javaOpts.trim().split("\\s+")) {
                if (!o.isEmpty()) {
                    cmd.add(o);
                }
            }
            cmd.add("-Dworking.directory=" + dir);
            cmd.add("-Dlogback.configurationFile=" + conf.resolve("logback.xml"));
            // dnsjava's default resolver: anything in James that falls back to it stays on loopback.
            cmd.add("-Ddns.server=" + all.get("DNS"));
            cmd.add("-cp");
            cmd.add(classpath);
            cmd.add(MAIN);
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            JamesProcess james = new JamesProcess(p, dir, log, smtp, webadmin);
            try {
                james.awaitReady(startTimeout);
            } catch (RuntimeException | IOException | InterruptedException e) {
                james.close();
                throw e;
            }
            return james;
        }

        private static void copyTree(Path from, Path to) throws IOException {
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path src : (Iterable<Path>) walk::iterator) {
                    Path target = to.resolve(from.relativize(src).toString());
                    if (Files.isDirectory(src)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(src, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }

        private static void renderTokens(Path conf, Map<String, String> tokens) throws IOException {
            try (Stream<Path> walk = Files.walk(conf)) {
                for (Path f : (Iterable<Path>) walk::iterator) {
                    if (!Files.isRegularFile(f)) {
                        continue;
                    }
                    String text = Files.readString(f, StandardCharsets.UTF_8);
                    String out = text;
                    for (Map.Entry<String, String> t : tokens.entrySet()) {
                        out = out.replace("@@" + t.getKey() + "@@", t.getValue());
                    }
                    if (f.getFileName().toString().equals("smtpserver.xml")) {
                        out = out.replaceAll("<bind>[^<]*</bind>", "<bind>127.0.0.1:" + tokens.get("SMTP_PORT") + "</bind>");
                    }
                    if (!out.equals(text)) {
                        Files.writeString(f, out, StandardCharsets.UTF_8);
                    }
                }
            }
        }

        private static void copyJars(Path src, Path ext) throws IOException {
            if (Files.isRegularFile(src)) {
                Files.copy(src, ext.resolve(src.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                return;
            }
            try (Stream<Path> walk = Files.walk(src)) {
                for (Path f : (Iterable<Path>) walk::iterator) {
                    if (f.toString().endsWith(".jar")) {
                        Files.copy(f, ext.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IOException("James exited during start-up (code " + process.exitValue() + "):\n" + logTail(60));
            }
            if (Ports.listening(smtpPort) && log().contains("JAMES server started")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new NotReady("James not ready after " + timeout.getSeconds() + " s:\n" + logTail(60));
    }

    /** James is running but did not become ready in time (as opposed to exiting). */
    static final class NotReady extends IOException {
        private static final long serialVersionUID = 1L;

        NotReady(String message) {
            super(message);
        }
    }
}
