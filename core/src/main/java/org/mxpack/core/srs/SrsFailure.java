package org.mxpack.core.srs;

/** Internal: carries a failure from the parsers to the one place that turns it into an {@link SrsResult}. */
final class SrsFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final SrsError error;

    SrsFailure(SrsError error, String reason) {
        super(reason, null, false, false);
        this.error = error;
    }

    SrsError error() {
        return error;
    }
}
