package org.mxpack.core.dkim;

/** A signature or key record that cannot be used: becomes permerror with this message as the reason. */
public final class DkimPermError extends Exception {
    private static final long serialVersionUID = 1L;

    public DkimPermError(String reason) {
        super(reason, null, false, false);
    }
}
