package org.mxpack.core.dkim;

import java.nio.file.Path;

import org.mxpack.testkit.LoopbackDnsServer;

/** Lets tests in other packages (the CLI's) load {@code keys.dat} the way the conformance test does. */
public final class DkimConformanceTestAccess {
    private DkimConformanceTestAccess() {
    }

    public static void loadKeys(LoopbackDnsServer server, Path keys) throws Exception {
        DkimConformanceTest.loadKeys(server, keys);
    }
}
