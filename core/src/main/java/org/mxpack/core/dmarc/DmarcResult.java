package org.mxpack.core.dmarc;

import java.util.Locale;

/** The RFC 7489 §11.2 / RFC 8601 {@code dmarc=} result. */
public enum DmarcResult {
    /** An identifier aligned with the author domain and passed. */
    PASS,
    /** A DMARC record applies and no passing identifier aligned. */
    FAIL,
    /** No usable DMARC record (none, several, or one without a valid policy): no DMARC processing. */
    NONE,
    /** The record lookup failed temporarily. */
    TEMPERROR,
    /** The author domain cannot be evaluated at all (empty or malformed). */
    PERMERROR;

    /** The Authentication-Results keyword. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Inverse of {@link #keyword()}; unknown keywords are an error. */
    public static DmarcResult fromKeyword(String keyword) {
        return valueOf(keyword.trim().toUpperCase(Locale.ROOT));
    }
}
