package org.mxpack.core.iprev;

import java.util.Locale;

/** RFC 8601 §2.7.3 {@code iprev=} results. */
public enum IprevResult {
    /** A PTR name's forward lookup returned the client address. */
    PASS,
    /** PTR names exist but none maps back to the address (forward NXDOMAIN/NODATA or other addresses). */
    FAIL,
    /** A lookup failed temporarily and no name was confirmed. */
    TEMPERROR,
    /** No PTR data published for the address (NXDOMAIN or NODATA on the reverse lookup). */
    PERMERROR;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static IprevResult fromKeyword(String keyword) {
        return valueOf(keyword.trim().toUpperCase(Locale.ROOT));
    }
}
