package org.mxpack.core.reply;

/**
 * Every refusal the pack makes. The code, enhanced code, text template and allowed stages of each
 * live in {@link ReplyTable} only; the "detail" named here is what a caller passes to
 * {@link ReplyTable#reply(Stage, Reason, String)}.
 */
public enum Reason {
    /** Client IP or HELO name on a local block list. Detail: who and why, e.g. {@code 192.0.2.7 is blocked}. */
    CLIENT_BLOCKED,
    /** Client IP listed on a DNSBL with a validated return code. Detail: {@code 192.0.2.7 is listed on zen.example (127.0.0.2)}. */
    DNSBL_LISTED,
    /** Reverse DNS (iprev, RFC 8601 §3) failed. Detail: the address and what failed. */
    IPREV_FAIL,
    /** Reverse DNS could not be checked for a temporary DNS error. */
    IPREV_TEMPERROR,
    /** HELO/EHLO argument is not a domain or address literal. Detail: the bad argument. */
    HELO_SYNTAX,
    /** HELO/EHLO name is clearly forged (our own name or address, a bare IP). */
    HELO_FORGED,
    /** Envelope sender or its domain on a local block list. Detail: {@code <user@example.com>}. */
    SENDER_BLOCKED,
    /** SPF fail (RFC 7208 §8.4). Detail: {@code example.com does not designate 192.0.2.7 as permitted sender}. */
    SPF_FAIL,
    /** SPF permerror, when configured to reject (RFC 7208 §8.7). */
    SPF_PERMERROR,
    /** SPF temperror (RFC 7208 §8.6). Detail: {@code temporary DNS error looking up example.com}. */
    SPF_TEMPERROR,
    /** Sender domain publishes a null MX (RFC 7505 §4.2). Detail: {@code <user@example.com>}. */
    NULL_MX,
    /** No route for this recipient here. Detail: the recipient as {@code <nobody@example.org>}. */
    NO_ROUTE,
    /** A bounce to a forged, malformed or expired SRS address. Detail: the recipient as {@code <SRS0=...>}. */
    SRS_INVALID,
    /** Recipient limit per transaction reached (RFC 5321 §4.5.3.1.8). */
    TOO_MANY_RECIPIENTS,
    /** Policy requires a passing DKIM signature and there is none. */
    DKIM_NO_PASS,
    /** Passing DKIM signatures exist, but none is acceptable. */
    DKIM_NOT_ACCEPTABLE,
    /** Passing DKIM signatures exist, but none matches the author (From) domain. */
    DKIM_NOT_ALIGNED,
    /** DKIM could not be verified for a temporary error, in a check set to fail closed. */
    DKIM_TEMPERROR,
    /** DMARC fail with p=reject (RFC 7489 §6.6.3). Detail: {@code message failed example.com policy (p=reject)}. */
    DMARC_REJECT,
    /** DMARC could not be evaluated for a temporary error, in a check set to fail closed. */
    DMARC_TEMPERROR,
    /** Content filter says reject. */
    SPAM_REJECT,
    /** Content filter says reject for now (soft reject). */
    SPAM_SOFT,
    /** Too many recipients of this connection were refused: a client guessing addresses. */
    TOO_MANY_REFUSED_RECIPIENTS,
    /** Message (or announced SIZE) over the limit. */
    MESSAGE_TOO_BIG,
    /** The header section is larger than the pack reads: it could hide an author it never evaluated. */
    HEADER_TOO_BIG,
    /** The From field names more author domains than DMARC evaluates (RFC 7489 §6.6.1: reject as malformed). */
    TOO_MANY_AUTHORS,
    /** A local backend (store, RRT, filter) failed or timed out. */
    BACKEND_ERROR,
    /** A DNS lookup timed out in a check set to fail closed, when no method-specific temporary code applies. */
    DNS_TIMEOUT,
    /** We would forward this message, but it fails its author domain's DMARC p=reject, so the next hop would refuse it. */
    FORWARD_DMARC
}
