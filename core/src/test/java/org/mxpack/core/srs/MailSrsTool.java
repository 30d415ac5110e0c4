package org.mxpack.core.srs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code srs} command line of Mail::SRS (Debian package {@code srs}). Runs the installed
 * script unchanged; for a fixed clock it runs it under perl with {@code time()} overridden, so the
 * same Mail::SRS code computes stamps and ages for any day. Tests skip where it is not installed
 * ({@code apt-get install srs}).
 */
public final class MailSrsTool {
    private static final String FIXED_TIME = "BEGIN { *CORE::GLOBAL::time = sub { $ENV{MXPACK_SRS_NOW} } }"
            + " do $ENV{MXPACK_SRS_SCRIPT}; die $@ if $@;";

    /** One run: exit code, stdout lines, stderr. */
    public static final class Run {
        public final int exit;
        public final List<String> lines;
        public final String err;

        Run(int exit, List<String> lines, String err) {
            this.exit = exit;
            this.lines = lines;
            this.err = err;
        }

        public String line() {
            if (exit != 0 || lines.size() != 1) {
                throw new AssertionError("srs failed (" + exit + "): " + lines + " " + err);
            }
            return lines.get(0);
        }

        @Override
        public String toString() {
            return "exit " + exit + " " + lines + " " + err;
        }
    }

    private final Path script;

    private MailSrsTool(Path script) {
        this.script = script;
    }

    /** The tool, or the test is skipped. */
    public static MailSrsTool require() {
        Path script = find("srs");
        assumeTrue(org.mxpack.testkit.Peers.present("the Mail::SRS 'srs' tool (apt-get install srs)",
                script != null && find("perl") != null), "the Mail::SRS 'srs' tool is not installed");
        return new MailSrsTool(script);
    }

    private static Path find(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Paths.get(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** {@code srs OPTIONS -- ADDRESSES} with the real clock. */
    public Run run(List<String> options, String... addresses) {
        List<String> cmd = new ArrayList<>();
        cmd.add(script.toString());
        return exec(cmd, options, addresses, -1);
    }

    /** {@code srs OPTIONS -- ADDRESSES} with {@code time()} = {@code epochSeconds}. */
    public Run runAt(long epochSeconds, List<String> options, String... addresses) {
        List<String> cmd = new ArrayList<>(List.of("perl", "-e", FIXED_TIME, "--"));
        return exec(cmd, options, addresses, epochSeconds);
    }

    private Run exec(List<String> cmd, List<String> options, String[] addresses, long now) {
        cmd.addAll(options);
        cmd.add("--");
        cmd.addAll(Arrays.asList(addresses));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("MXPACK_SRS_SCRIPT", script.toString());
        pb.environment().put("MXPACK_SRS_NOW", Long.toString(now));
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            String out = read(p.getInputStream());
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("srs did not finish: " + cmd);
            }
            List<String> lines = out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
            return new Run(p.exitValue(), lines, err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String read(InputStream in) {
        try (InputStream s = in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            s.transferTo(b);
            return b.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code --secret=S} for each secret, then the extra options. */
    public static List<String> options(List<String> secrets, String... extra) {
        List<String> o = new ArrayList<>();
        for (String s : secrets) {
            o.add("--secret=" + s);
        }
        o.addAll(Arrays.asList(extra));
        return o;
    }
}
