package org.mxpack.core.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

/** Lets tests of other packages run the {@code arc-seal} verb as Main does, on byte streams. */
public final class ArcSealCommandAccess {
    private ArcSealCommandAccess() {
    }

    public static int run(List<String> args, InputStream in, OutputStream out, PrintStream err) throws Exception {
        return new ArcSealCommand().run(args, in, out, err);
    }
}
