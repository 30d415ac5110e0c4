package org.mxpack.core.spf;

import java.util.Locale;

/** The seven results of RFC 7208 §2.6. */
public enum SpfResult {
    PASS, FAIL, SOFTFAIL, NEUTRAL, NONE, TEMPERROR, PERMERROR;

    /** The RFC keyword, as written in Received-SPF and Authentication-Results. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a keyword (case-insensitive); the RFC 4408 names {@code unknown}/{@code error} are accepted. */
    public static SpfResult fromKeyword(String keyword) {
        String k = keyword.trim().toLowerCase(Locale.ROOT);
        if (k.equals("unknown")) {
            return PERMERROR;
        }
        if (k.equals("error")) {
            return TEMPERROR;
        }
        return valueOf(k.toUpperCase(Locale.ROOT));
    }
}
