package org.mxpack.core.dmarc;

import java.util.Locale;

/** Which authenticated identifier aligned with the author domain. */
public enum DmarcAlignment {
    SPF, DKIM, BOTH, NONE;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DmarcAlignment of(boolean spf, boolean dkim) {
        if (spf && dkim) {
            return BOTH;
        }
        return spf ? SPF : dkim ? DKIM : NONE;
    }
}
