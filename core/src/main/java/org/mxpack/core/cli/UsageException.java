package org.mxpack.core.cli;

/** Bad command-line arguments: printed as one line, exit code 2. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
