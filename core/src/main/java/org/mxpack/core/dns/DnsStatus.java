package org.mxpack.core.dns;

/**
 * What a lookup found. Kept apart on purpose: NXDOMAIN/NODATA are facts about the domain
 * (permanent: 5xx or "none"), TEMPFAIL is a fact about the network (always 4xx/temperror).
 */
public enum DnsStatus {
    /** Records of the asked type exist. */
    NOERROR,
    /** The name does not exist. */
    NXDOMAIN,
    /** The name exists but has no record of the asked type. */
    NODATA,
    /** SERVFAIL, REFUSED, timeout, malformed answer, CNAME loop: try again later. */
    TEMPFAIL
}
