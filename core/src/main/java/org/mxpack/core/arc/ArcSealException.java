package org.mxpack.core.arc;

/** A message that cannot be sealed (50 sets already, unreadable, too large) or a key that cannot sign. */
public final class ArcSealException extends Exception {
    private static final long serialVersionUID = 1L;

    public ArcSealException(String message) {
        super(message);
    }

    public ArcSealException(String message, Throwable cause) {
        super(message, cause);
    }
}
