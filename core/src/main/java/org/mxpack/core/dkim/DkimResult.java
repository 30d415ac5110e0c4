package org.mxpack.core.dkim;

import java.util.Locale;

/**
 * RFC 8601 §2.7.1 {@code dkim=} results. The declaration order is the order in which a message-level
 * verdict picks its "best" signature (see {@link #isBetterThan(DkimResult)}):
 * pass &gt; policy &gt; fail &gt; temperror &gt; permerror &gt; neutral &gt; none. {@code policy} ranks
 * right after pass because it is a signature that verified and only local policy refused: it tells the
 * operator more than a failure does. DMARC only ever counts {@code pass}.
 */
public enum DkimResult {
    PASS, POLICY, FAIL, TEMPERROR, PERMERROR, NEUTRAL, NONE;

    /** The RFC 8601 keyword, lower case. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isBetterThan(DkimResult other) {
        return ordinal() < other.ordinal();
    }

    /** Parses a keyword; unknown text gives {@link #NEUTRAL} ("not otherwise able to be processed"). */
    public static DkimResult fromKeyword(String keyword) {
        if (keyword != null) {
            for (DkimResult r : values()) {
                if (r.keyword().equalsIgnoreCase(keyword.trim())) {
                    return r;
                }
            }
        }
        return NEUTRAL;
    }
}
