package org.mxpack.core.arc;

import java.util.Locale;

/** The ARC chain validation status (RFC 8617 §4.4, the {@code arc=} result of RFC 8601). */
public enum ArcResult {
    /** The chain validated. */
    PASS,
    /** The chain is broken, malformed, refused by local policy, or could not be validated. */
    FAIL,
    /** The message carries no ARC set. */
    NONE;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The result for a keyword; anything unknown reads as {@link #NONE} (never lets a chain count as passed). */
    public static ArcResult fromKeyword(String keyword) {
        if (keyword != null) {
            for (ArcResult r : values()) {
                if (r.keyword().equalsIgnoreCase(keyword.trim())) {
                    return r;
                }
            }
        }
        return NONE;
    }
}
