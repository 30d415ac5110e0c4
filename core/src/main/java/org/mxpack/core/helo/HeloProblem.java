package org.mxpack.core.helo;

/** What is wrong with a HELO/EHLO argument, from plainly broken to merely suspicious. */
public enum HeloProblem {
    /** Not a domain nor an address literal (RFC 5321 §4.1.1.1): {@code 501 5.5.2}. */
    SYNTAX,
    /** An IP address without brackets ({@code 192.0.2.1} instead of {@code [192.0.2.1]}). */
    BARE_IP,
    /** Claims to be us: our host name, or one of our addresses. */
    OUR_NAME,
    /** An address literal that is not the connecting client's address. */
    LITERAL_MISMATCH
}
