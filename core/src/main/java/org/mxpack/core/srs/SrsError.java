package org.mxpack.core.srs;

import java.util.Locale;

/** Why {@link Srs#forward} or {@link Srs#reverse} did not rewrite an address. */
public enum SrsError {
    /** No secret or no SRS domain configured. */
    CONFIG(SrsErrorClass.CONFIG),
    /** Forward: the null sender, no domain, an empty local part, control characters, too long. */
    BAD_INPUT(SrsErrorClass.INPUT),
    /** Reverse: not an SRS0/SRS1 address; callers leave such addresses untouched. */
    NOT_SRS(SrsErrorClass.INPUT),
    /** An SRS0/SRS1 local part with missing fields, a bad timestamp or a hash shorter than allowed. */
    BAD_SYNTAX(SrsErrorClass.SYNTAX),
    /** The hash matches none of the secrets: forged, or signed with a retired secret. */
    BAD_HASH(SrsErrorClass.HASH_OR_AGE),
    /** The hash is right but the timestamp is older than the maximum age (libsrs2: out of date). */
    EXPIRED(SrsErrorClass.HASH_OR_AGE);

    private final SrsErrorClass errorClass;

    SrsError(SrsErrorClass errorClass) {
        this.errorClass = errorClass;
    }

    public SrsErrorClass errorClass() {
        return errorClass;
    }

    /** Lower-case name for logs and maps ({@code bad_hash}). */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SrsError fromKeyword(String keyword) {
        return valueOf(keyword.toUpperCase(Locale.ROOT));
    }
}
