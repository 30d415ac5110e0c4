package org.mxpack.core.dnsbl;

import java.util.Locale;

/** The overall DNSBL outcome for one client address. */
public enum DnsblResult {
    /** The weights of the listing zones reach the threshold. */
    LISTED,
    /** They do not, and no failed zone could have changed that. */
    NOT_LISTED,
    /** Not reached, but a zone that failed temporarily could have reached it: ask again later. */
    TEMPERROR;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DnsblResult fromKeyword(String keyword) {
        return valueOf(keyword.trim().toUpperCase(Locale.ROOT));
    }
}
