package org.mxpack.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Assumptions;

/**
 * Finds the public conformance suites in {@code ../shared/conformance} next to the repository
 * (or {@code $MXPACK_CONFORMANCE}); tests that need them skip cleanly where they are absent.
 */
public final class ConformanceData {
    private ConformanceData() {
    }

    /** The conformance folder, or a skipped test when it is not there. */
    public static Path dir() {
        String env = System.getenv("MXPACK_CONFORMANCE");
        if (env != null && Files.isDirectory(Paths.get(env))) {
            return Paths.get(env);
        }
        Path here = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared").resolve("conformance");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        Assumptions.assumeTrue(false, "../shared/conformance is absent: conformance tests skipped");
        return null;
    }
}
