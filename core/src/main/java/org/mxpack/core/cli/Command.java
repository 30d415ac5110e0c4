package org.mxpack.core.cli;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.util.List;

/** One verb of the {@code mxpack} command line. */
public interface Command {
    /** One line for {@code mxpack --help}. */
    String summary();

    /**
     * Runs the verb. {@code args} excludes the verb itself. Returns the process exit code:
     * 0 success, 1 a negative answer the verb documents, 2 usage error.
     */
    int run(List<String> args, BufferedReader in, PrintStream out, PrintStream err) throws Exception;
}
