package org.mxpack.core.dmarc;

import java.util.Locale;
import java.util.Optional;

/** A domain owner's requested handling of failing mail ({@code p=} / {@code sp=}). */
public enum DmarcPolicy {
    NONE, QUARANTINE, REJECT;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a tag value, case-insensitively (RFC 7489 ABNF literals); empty when invalid. */
    public static Optional<DmarcPolicy> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "none":
                return Optional.of(NONE);
            case "quarantine":
                return Optional.of(QUARANTINE);
            case "reject":
                return Optional.of(REJECT);
            default:
                return Optional.empty();
        }
    }

    /** RFC 7489 §6.3 {@code pct}: mail not sampled gets the next-lower policy. */
    public DmarcPolicy nextLower() {
        return this == REJECT ? QUARANTINE : NONE;
    }
}
