package org.mxpack.core.spf;

/**
 * Internal control flow of the evaluator: a permerror or temperror with its problem text. It never
 * leaves the package: {@link SpfChecker} turns it into a verdict.
 */
final class SpfError extends Exception {
    private static final long serialVersionUID = 1L;

    private final SpfResult result;

    private SpfError(SpfResult result, String problem) {
        super(problem, null, false, false);
        this.result = result;
    }

    static SpfError perm(String problem) {
        return new SpfError(SpfResult.PERMERROR, problem);
    }

    static SpfError temp(String problem) {
        return new SpfError(SpfResult.TEMPERROR, problem);
    }

    SpfResult result() {
        return result;
    }

    String problem() {
        return getMessage();
    }
}
