package org.mxpack.core.policy;

/**
 * What a check does when DNS fails temporarily (SERVFAIL, timeout) or its time budget runs out.
 * There is deliberately no "reject": a temporary DNS problem must never produce a 5xx, which
 * would bounce legitimate mail for a network hiccup (RFC 7208 §8.6, RFC 5321 §4.2.1).
 */
public enum OnDnsFailure {
    /** Answer 4xx: the sending server retries later. */
    TEMPFAIL,
    /** Accept and record the temperror (fail open). */
    ACCEPT
}
