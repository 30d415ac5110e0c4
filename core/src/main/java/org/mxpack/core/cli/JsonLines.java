package org.mxpack.core.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The one {@code --stdin} loop of the verbs: one JSON object a line in, one line out per non-blank
 * input line, in input order. A verb answers each line with a future, so verbs whose work waits for
 * DNS keep up to {@link #IN_FLIGHT} lines going at once; output still follows input order.
 */
final class JsonLines {
    static final int IN_FLIGHT = 64;

    private JsonLines() {
    }

    /**
     * @param answer one input line to its output line (never failing: a bad line is the verb's own
     *               error object)
     */
    static int run(BufferedReader in, PrintStream out, Function<String, CompletableFuture<String>> answer)
            throws IOException {
        Deque<CompletableFuture<String>> pending = new ArrayDeque<>();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            pending.add(answer.apply(line));
            while (pending.size() >= IN_FLIGHT || (!pending.isEmpty() && pending.peek().isDone())) {
                print(out, pending.poll());
            }
        }
        while (!pending.isEmpty()) {
            print(out, pending.poll());
        }
        return 0;
    }

    /** For verbs that answer at once. */
    static int runNow(BufferedReader in, PrintStream out, Function<String, String> answer) throws IOException {
        return run(in, out, line -> CompletableFuture.completedFuture(answer.apply(line)));
    }

    private static void print(PrintStream out, CompletableFuture<String> next) {
        out.println(next.join());
        out.flush();
    }
}
