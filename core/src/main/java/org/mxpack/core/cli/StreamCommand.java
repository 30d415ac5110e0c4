package org.mxpack.core.cli;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

/** A verb that filters bytes (a message in, a message out) rather than text lines. */
interface StreamCommand extends Command {
    int run(List<String> args, InputStream in, OutputStream out, PrintStream err) throws Exception;

    @Override
    default int run(List<String> args, BufferedReader in, PrintStream out, PrintStream err) throws Exception {
        throw new UsageException("internal: a byte-stream verb needs the raw standard input");
    }
}
