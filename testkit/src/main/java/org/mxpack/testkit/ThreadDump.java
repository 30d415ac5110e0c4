package org.mxpack.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The threads of another JVM as {@code jcmd PID Thread.print} shows them, to tell whether any thread is
 * still inside some code: e.g. after a fault, no thread of James should be left waiting in mxpack's code
 * or in an SMTP exchange with a next hop.
 */
public final class ThreadDump {
    private final String text;

    private ThreadDump(String text) {
        this.text = text;
    }

    /** Takes a dump of process {@code pid} with the JDK's {@code jcmd} (the JVM running the tests). */
    public static ThreadDump of(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
                .redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("jcmd " + pid + " Thread.print failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new ThreadDump(new String(out, StandardCharsets.UTF_8));
    }

    /**
     * One entry {@code "thread name: frame"} per thread with a frame whose class starts with one of
     * {@code prefixes} (the innermost such frame), sorted.
     */
    public Set<String> threadsIn(String... prefixes) {
        Set<String> out = new TreeSet<>();
        for (String block : text.split("\n\\s*\n")) {
            String b = block.strip();
            if (!b.startsWith("\"")) {
                continue;
            }
            String name = b.substring(1, Math.max(1, b.indexOf('"', 1)));
            for (String line : b.split("\n")) {
                String l = line.strip();
                if (!l.startsWith("at ")) {
                    continue;
                }
                String frame = l.substring(3);
                if (startsWithAny(frame, prefixes)) {
                    out.add(name + ": " + frame);
                    break;
                }
            }
        }
        return out;
    }

    /**
     * Waits until {@link #threadsIn} of a fresh dump is a subset of {@code atRest}; returns the last
     * dump's extra entries (empty when it settled within {@code timeout}).
     */
    public static Set<String> awaitAtRest(long pid, Set<String> atRest, Duration timeout, String... prefixes)
            throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Set<String> extra = new TreeSet<>(of(pid).threadsIn(prefixes));
            extra.removeAll(atRest);
            if (extra.isEmpty() || System.nanoTime() > end) {
                return extra;
            }
            Thread.sleep(200);
        }
    }

    private static boolean startsWithAny(String frame, String... prefixes) {
        for (String p : prefixes) {
            if (frame.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** The whole dump, for assertion messages. */
    @Override
    public String toString() {
        return text;
    }
}
