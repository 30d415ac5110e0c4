package org.mxpack.core.srs;

import java.util.Locale;

/** What {@link Srs#forward} or {@link Srs#reverse} did. */
public enum SrsOutcome {
    /** Forward wrote an SRS0 or SRS1 address. */
    FORWARDED,
    /** Forward left the sender as it was: its domain is our SRS domain (as libsrs2 and Mail::SRS do). */
    UNCHANGED,
    /** Reverse recovered the address the SRS address stands for. */
    REVERSED,
    /** Nothing was rewritten; {@link SrsResult#error()} says why. */
    FAILED;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SrsOutcome fromKeyword(String keyword) {
        return valueOf(keyword.toUpperCase(Locale.ROOT));
    }
}
