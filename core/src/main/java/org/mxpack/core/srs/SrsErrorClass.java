package org.mxpack.core.srs;

/**
 * The class of an SRS failure, as libsrs2 groups its error codes: a caller answers a {@link #CONFIG}
 * problem with a temporary failure, the others with a permanent one.
 */
public enum SrsErrorClass {
    /** Our own setup is wrong (no secret, no SRS domain). */
    CONFIG,
    /** The address given cannot be used (null sender, no domain, not an SRS address). */
    INPUT,
    /** It looks like SRS but is malformed. */
    SYNTAX,
    /** Well formed, but the hash does not verify or the timestamp is too old. */
    HASH_OR_AGE;

    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
