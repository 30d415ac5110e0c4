package org.mxpack.core.spf;

import java.util.Locale;

/** Which identity was checked (RFC 7208 §2.3, §2.4). A null reverse-path is still MAILFROM (postmaster@helo). */
public enum SpfIdentity {
    MAILFROM, HELO;

    /** {@code mailfrom} / {@code helo}, as in Received-SPF {@code identity=}. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
